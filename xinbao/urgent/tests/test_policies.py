"""Policies as data: every example parses; wrong input is refused with a Chinese message naming the field."""

from __future__ import annotations

import pytest

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.urgent import actions, policies
from xinbao.urgent.models import Policy


@pytest.mark.parametrize("name", sorted(policies.example_texts()))
def test_every_example_parses(name):  # type: ignore[no-untyped-def]
    spec = policies.parse(policies.example_texts()[name])
    assert spec["name"] and spec["levels"]
    assert [s["to"] for s in spec["escalation"]] == ["unit_signer", "hub_duty", "hub_director"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nlevels: {I: {written: 多}}", "“levels.I.written”应为正整数，而不是“多”。"),
        ("name: x\nlevels: {V: {written: 30}}", "未知的事件等级“V”（可用：I、II、III、IV、any）。"),
        (
            "name: x\nlevels: {I: {writen: 30}}",
            "未知字段“writen”（“levels.I”可用字段：final、followup、phone、written）。",
        ),
        (
            "name: x\nclock: later\nlevels: {I: {written: 30}}",
            "“clock”应为 occurred（事发时间）或 known（获知时间），而不是“later”。",
        ),
        (
            "name: x\nlevels: {I: {followup: {at: ['25:00']}}}",
            "“levels.I.followup.at”应为“时:分”（如08:00），而不是“25:00”。",
        ),
        ("name: x\nlevels: {I: {written: 30}}\nescalation: [{after: 5, to: boss}]", "“escalation[1].to”应为以下之一："),
        ("levels: {I: {written: 30}}", "请填写“name”（规则名称）。"),
        ("name: x\nlevels: [", "YAML 格式错误"),
        ("- a\n- b", "规则应为若干“字段: 值”。"),
        ("name: x\nbonus: 1\nlevels: {I: {written: 30}}", "未知字段“bonus”"),
    ],
)
def test_bad_policies_are_refused_naming_the_field(text, message):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        policies.parse(text)
    assert refused.value.message.startswith(message)


@pytest.mark.django_db
def test_only_hub_seniors_set_policies_and_one_is_active(city):  # type: ignore[no-untyped-def]
    text = policies.example_texts()["company.yaml"]
    for person in (city.county_editor, city.officer, city.city_chief, city.duty):
        with pytest.raises(PermissionRefused):
            actions.save_policy(person, hub=city.county_hub, text=text)
    with pytest.raises(DomainError):
        actions.save_policy(city.county_chief, hub=city.county_hub, text="name: x")
    assert not Policy.objects.exists()
    made = actions.install_examples(city.county_chief, city.county_hub)
    assert len(made) == len(policies.example_texts())
    assert actions.install_examples(city.county_chief, city.county_hub) == []  # not twice
    actions.activate_policy(city.county_director, made[0])
    actions.activate_policy(city.county_director, made[1])
    assert list(Policy.objects.filter(active=True)) == [made[1]]
    assert actions.active_spec(city.county_hub)[1]["name"] == made[1].name
    actions.delete_policy(city.county_chief, made[1])
    assert actions.active_spec(city.county_hub)[0] is None  # back to the default


def test_the_policy_buttons_activate_and_delete_with_a_message(city, login):  # type: ignore[no-untyped-def]
    made = actions.install_examples(city.county_chief, city.county_hub)
    chief = login(city.county_chief)
    done = chief.post(f"/urgent/policies/{made[0].pk}/activate/", follow=True).content.decode()
    assert f"已启用“{made[0].name}”" in done
    assert list(Policy.objects.filter(active=True)) == [made[0]]
    done = chief.post(f"/urgent/policies/{made[0].pk}/delete/", follow=True).content.decode()
    assert f"已删除“{made[0].name}”" in done
    made[0].refresh_from_db()
    assert made[0].deleted_at is not None and not made[0].active
