"""Commission pages: issuing through the form, the unit's answer through the items flow, constant queries."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from xinbao.commissions import actions
from xinbao.commissions.models import Commission
from xinbao.items.models import Item
from xinbao.orgs import actions as org_actions
from xinbao.orgs.models import Unit


def _due() -> str:
    return (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")


def test_issue_answer_and_follow_through_the_pages(city, login):
    hub = login(city.county_editor)
    response = hub.post(
        reverse("commissions:new"),
        {
            "kind": "commission",
            "channel": city.channels["party"].pk,
            "title": "基层治理新做法",
            "requirements": "800字以内",
            "due_at": _due(),
            "rule": "all",
            "lead_unit": city.township.pk,
        },
    )
    commission = Commission.objects.get()
    assert response.status_code == 302 and commission.targets.count() == 2
    unit = login(city.officer)
    assert "基层治理新做法" in unit.get(reverse("commissions:mine")).content.decode()
    page = unit.get(reverse("commissions:detail", args=[commission.pk])).content.decode()
    assert 'data-testid="answer"' in page and 'data-testid="commission-targets"' not in page
    response = unit.post(
        reverse("commissions:answer", args=[commission.pk]),
        {
            "category": "experience",
            "title": "城关镇网格化治理",
            "body": "正文",
            "writer_name": "王",
            "writer_phone": "1",
        },
    )
    item = Item.objects.get(commission=commission)
    assert response.status_code == 302 and response["Location"] == reverse("items:detail", args=[item.pk])
    page = login(city.county_chief).get(reverse("commissions:detail", args=[commission.pk])).content.decode()
    assert "待报送 2 家" in page  # a draft is not an answer until it is submitted
    assert "城关镇网格化治理" not in page  # the hub lists only what was submitted


def test_bad_form_input_gets_messages_and_changes_nothing(city, login):
    hub = login(city.county_editor)
    response = hub.post(
        reverse("commissions:new"),
        {"kind": "commission", "channel": city.channels["party"].pk, "title": "x", "due_at": "", "rule": "chosen"},
    )
    assert response.status_code == 200 and "约稿须有截止时间" in response.content.decode()
    response = hub.post(
        reverse("commissions:new"),
        {"kind": "commission", "channel": "abc", "title": "x", "due_at": "2026-02-31", "rule": "bogus"},
    )
    assert response.status_code == 200
    assert not Commission.objects.exists()
    assert hub.get(reverse("commissions:index") + "?kind=zzz&page=-1").status_code == 200


def test_the_commission_page_takes_constant_queries(city, login, django_assert_max_num_queries):
    channel = city.channels["party"]
    extra = org_actions.bulk_create_units(
        None,
        [
            {"code": f"QH-V{n:03}", "name": f"测试村{n}", "parent_code": "QH", "level": "township", "kind": "community"}
            for n in range(30)
        ],
    )
    for unit in extra:
        org_actions.set_unit_channel(None, unit, channel, hub=city.county_hub)
    commission = actions.issue(
        city.county_editor,
        hub=city.county_hub,
        channel=channel,
        title="三十家",
        due_at=timezone.now() + datetime.timedelta(days=3),
        rule="all",
    )
    assert commission.targets.count() == 32 == Unit.objects.filter(commission_targets__commission=commission).count()
    client = login(city.county_editor)
    url = reverse("commissions:detail", args=[commission.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
    for name in ("commissions:index",):
        client.get(reverse(name))
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
    officer = login(city.officer)
    officer.get(reverse("commissions:mine"))
    with django_assert_max_num_queries(12):
        assert officer.get(reverse("commissions:mine")).status_code == 200


def test_the_item_page_names_the_commission_it_answers(city, login):
    commission = actions.issue(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        title="经济亮点",
        due_at=timezone.now() + datetime.timedelta(days=3),
        units=[city.township],
    )
    item = actions.start_answer(city.officer, commission, category="news", title="城关镇经济亮点", body="正文")
    page = login(city.officer).get(reverse("items:detail", args=[item.pk])).content.decode()
    assert 'data-testid="item-commission"' in page and "经济亮点" in page
