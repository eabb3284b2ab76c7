"""Patterns of issues 13 and 15 through the real sources, worked by hand: the adopting office's score,
the register of adopting bodies, writers attached to a hub with per-writer quotas and attributes,
roll-up to another unit, forwarding as a fact, item awards, and warnings that say how to fix."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine

from xinbao.items.models import Submission
from xinbao.orgs.models import AssessmentClass, Unit, UnitChannel
from xinbao.scoring import actions, queries
from xinbao.scoring.models import AdoptingBody, PersonAttribute

from .factories import adopt, at, example, make_item, rule_set

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
AFTER_THE_YEAR = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)


def _totals(rs) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    return {row.name: row.total for row in queries.unit_ranking(rs, *YEAR)}


def test_adopter_score_with_factor_default_aliases_and_the_highest_upward_adoption_only(  # type: ignore[no-untyped-def]
    city, django_capture_on_commit_callbacks
):
    AdoptingBody.objects.create(name="江南省委办公厅", aliases="省委办、省委办公厅", level="province")
    rs = rule_set(city.county_hub, city.channels["party"], example("adopter_score.yaml"), D(2026, 1, 1))
    a = make_item(city.township, city.officer, D(2026, 3, 2), title="甲")
    b = make_item(city.township, city.officer, D(2026, 3, 3), title="乙")
    c = make_item(city.township, city.officer, D(2026, 3, 4), title="丙")
    d = make_item(city.township2, city.officer2, D(2026, 3, 5), title="丁")
    up = {"forwarded": True, "external": True}
    with django_capture_on_commit_callbacks(execute=True):  # events are scored after commit
        adopt(a, D(2026, 3, 5), "county", adopter=city.county_hub)
        adopt(a, D(2026, 4, 1), "province", adopter_name="省委办", adopter_score=Decimal(6), **up)
        adopt(b, D(2026, 4, 2), "central", adopter_name="中办", **up)  # no score given → default 50
        adopt(b, D(2026, 4, 3), "province", adopter_name="江南省委办公厅", adopter_score=Decimal(4), **up)
        adopt(c, D(2026, 4, 4), "province", adopter_name="省委办公厅", adopter_score=Decimal(3), external=True)
        adopt(d, D(2026, 4, 5), "province", adopter_name="省政府办公厅", adopter_score=Decimal(9), external=True)
        adopt(d, D(2026, 4, 6), "city", adopter_name="市委办公室")
    # 城关镇: 甲 county +3, 省委办 (= 江南省委办公厅) forwarded 6 × 2 = 12;
    # 乙 中办 (= 中共中央办公厅) forwarded, no score → 50; 江南省委办公厅 forwarded 4 × 2 = 8, but only the
    # highest upward adoption of an item counts (group "upward") → 0; 丙 not forwarded → its score 3.
    # 3 + 12 + 50 + 0 + 3 = 68.
    # 新华镇: 省政府办公厅 is no rule's body → nothing; 市委办公室 city +3 → 3.
    assert _totals(rs) == {"清河城关镇": Decimal(68), "清河新华镇": Decimal(3)}
    ledger = [e.explanation for e in queries.unit_entries(rs, city.township, *YEAR)]
    assert "江南省委办公厅采用《甲》（经本办转报省委办公厅采用）（采用单位给6分×2），+12分" in ledger
    assert "中共中央办公厅采用《乙》（经本办转报中办采用）（采用单位未给分值，按50），+50分" in ledger
    assert any(
        t.startswith("江南省委办公厅采用《乙》") and t.endswith("（同一信息“upward”只计最高一项，本项不计）")
        for t in ledger
    )
    # Recomputing gives the same ledger.
    before = [(e.rule_key, e.points) for e in queries.unit_entries(rs, city.township, *YEAR)]
    actions.recompute(city.county_editor, rs, *YEAR)
    assert [(e.rule_key, e.points) for e in queries.unit_entries(rs, city.township, *YEAR)] == before


def test_rules_naming_unknown_bodies_classes_and_attributes_warn_and_say_how_to_fix(city):  # type: ignore[no-untyped-def]
    spec, warnings = actions.check_text(example("adopter_score.yaml"))
    assert warnings == []  # 中共中央办公厅 is registered; 江南省委办公厅 is a hub of the system
    text = (
        "name: 测试\nperiod: year\n"
        "adoptions:\n"
        "  - {key: a, match: {adopters: [省政府办公厅, 中办]}, points: 5}\n"
        "  - {key: b, match: {writer_attributes: [全国人大代表]}, points: 5}\n"
        "quotas:\n  - {key: q, count: submitted}\n"
    )
    spec, warnings = actions.check_text(text)
    assert spec["adoptions"][0]["match"]["adopters"] == ["省政府办公厅", "中共中央办公厅"]  # alias → its body
    assert [str(w) for w in warnings] == [
        "第1行：任务数“q”没有填写 target 或 targets，不会考核任何单位；请填写任务数。",
        "第4行：采用机关“省政府办公厅”不在采用机关名录中，只有名称完全一致的采用记录才会计分；"
        "请在“采用机关名录”中登记该机关或其简称。",
        "第5行：人员身份“全国人大代表”尚无人登记，此条件暂时不会匹配；请在“人员身份”中为相关人员登记（可用：无）。",
    ]
    AssessmentClass.objects.create(name="一类")
    AssessmentClass.objects.create(name="二类")
    _spec, warnings = actions.check_text(
        "name: 测试\nperiod: year\nquotas:\n  - {key: q, count: submitted, targets: {一类: 3}}\n"
    )
    assert [str(w) for w in warnings] == [
        "第1行：任务数“q”的 targets 未包括考核类别：二类，这些类别的单位不考核此项；如需考核，请补上或加一个 target。"
    ]


def test_members_attached_to_the_hub_are_ranked_as_writers_with_quotas_fees_and_attributes(city, login):  # type: ignore[no-untyped-def]
    member, invited = city.cppcc_member, city.special_officer  # both attached to 江州市委办公室 (the hub)
    PersonAttribute.objects.create(person=member, name="全国政协委员", level="central")
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        rs = rule_set(city.city_hub, city.channels["party"], example("cppcc_members.yaml"), D(2026, 1, 1))
        mine = [
            make_item(city.city_hub, member, D(2026, m, 5), title=f"委员信息{m}", category="opinion")
            for m in range(1, 8)
        ]
        theirs = [make_item(city.city_hub, invited, D(2026, m, 6), category="opinion") for m in (3, 4)]
        adopt(mine[0], D(2026, 2, 1), "city", adopter=city.city_hub)
        adopt(mine[0], D(2026, 5, 1), "central", adopter_name="全国政协", external=True)
        adopt(mine[1], D(2026, 3, 1), "city", adopter=city.city_hub)
        adopt(theirs[0], D(2026, 4, 1), "city", adopter=city.city_hub)
        actions.recompute(city.city_editor, rs, *YEAR)

    # The member: 委员信息1 city 100 + 全国政协委员 bonus 50; 全国政协 (= 全国政协办公厅) 300 + bonus again
    # → 0 (once per item); 委员信息2 city 100 + 50. Monthly quota: January–July met, August–December
    # missed, 0 元 either way; 7 ≥ 6 in the year → 0. 150 + 300 + 150 = 600 元.
    # The invited officer: one city adoption 100; 2 < 6 in the year → 4 × -20 = -80. 100 - 80 = 20 元.
    writers = {w.person_id: w for w in queries.writer_ranking(rs, *YEAR)}
    assert (writers[member.pk].rank, writers[member.pk].total) == (1, Decimal(600))
    assert (writers[invited.pk].rank, writers[invited.pk].total) == (2, Decimal(20))
    # 优秀社情民意信息员: ≥ 6 submitted and ≥ 2 adopted: the member (7, 2) yes; the invited officer (2, 1) no.
    assert writers[member.pk].awards == ["优秀社情民意信息员"] and writers[invited.pk].awards == []
    # Filtered by attribute or role.
    assert [w.person_id for w in queries.writer_ranking(rs, *YEAR, attribute="全国政协委员")] == [member.pk]
    assert [w.person_id for w in queries.writer_ranking(rs, *YEAR, role="special_officer")] == [invited.pk]
    # The hub itself is not ranked as a unit; the units it assesses are, with nothing from the writers.
    units = _totals(rs)
    assert city.city_hub.name not in units and set(units.values()) == {Decimal(0)}
    # A writer's monthly line names its month.
    lines = queries.writer_entries(rs, member, *YEAR)
    assert "每人每月社情民意：2026年8月报送信息0条，任务1条，未完成，差1条，0元" in [e.explanation for e in lines]
    assert sum(e.points for e in lines) == Decimal(600)
    # The member reads their own ledger (600 元, each month named); another writer may not.
    url = f"/scoring/{rs.pk}/writers/{member.pk}/?period=2026"
    page = login(member).get(url).content.decode()
    assert "600元" in page and "2026年8月" in page
    assert login(invited).get(url).status_code == 403
    assert login(city.city_editor).get(url).status_code == 200


def test_points_roll_up_to_another_unit_forwarding_scores_and_item_awards(city):  # type: ignore[no-untyped-def]
    AssessmentClass.objects.create(name="一类")
    AssessmentClass.objects.create(name="二类")
    party = city.channels["party"]
    company = Unit.objects.create(
        name="城关镇清河酒厂", code="QH-T01-C1", parent=city.township, level="township", kind="company"
    )
    UnitChannel.objects.create(unit=company, channel=party, hub=city.county_hub)
    rs = rule_set(city.county_hub, party, example("counts_and_targets.yaml"), D(2026, 1, 1))
    own = make_item(city.township, city.officer, D(2026, 3, 2), title="镇信息")
    direct = make_item(company, city.officer, D(2026, 3, 3), title="酒厂直报")
    adopt(direct, D(2026, 3, 10), "province", adopter_name="江南省委办公厅", external=True)
    Submission.objects.create(
        item=own,
        hub=city.county_hub,
        channel=party,
        from_unit=city.township,
        origin_unit=city.township,
        category="news",
        tone="good",
        title=own.title,
        received_at=at(D(2026, 3, 2)),
        forwarded_at=at(D(2026, 3, 4)),
        state="adopted",
    )
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        actions.recompute(city.county_editor, rs, *YEAR)
    # 城关镇 (no class: no quality target, no pass mark) with its company's points:
    # submitted: its own item and the company's → 2 × 1 = 2; never adopted: 镇信息 → 0.5;
    # adopted by 江南省委办公厅: 1 ≥ 1 → 0; adoption +30 (酒厂直报, credited to 城关镇). 2 + 0.5 + 30 = 32.5.
    # 新华镇: nothing submitted, no adoption by 江南省委办公厅 → -3.
    assert _totals(rs) == {"清河城关镇": Decimal("32.5"), "清河新华镇": Decimal(-3)}
    ledger = [e.explanation for e in queries.unit_entries(rs, city.township, *YEAR)]
    assert any(t.endswith("（城关镇清河酒厂报送，计入本单位）") and "+30分" in t for t in ledger)
    # 优秀信息: adopted by a listed body.
    awards = queries.item_awards(rs, *YEAR)
    assert [(a.name, a.item_id, a.reasons) for a in awards] == [("优秀信息", direct.pk, ["江南省委办公厅采用"])]
    # Forwarding is a fact rules can score ("信息被转报每条加2分").
    rs2 = rule_set(city.county_hub, party, example("once_per_item.yaml"), D(2026, 1, 1))
    actions.recompute(city.county_editor, rs2, *YEAR)
    lines = [(e.rule_key, e.points) for e in queries.unit_entries(rs2, city.township, *YEAR)]
    assert lines == [("forwarded", Decimal(2))]


def test_a_unit_has_its_own_class_for_each_assessing_hub(city):  # type: ignore[no-untyped-def]
    AssessmentClass.objects.create(name="一类")
    AssessmentClass.objects.create(name="二类")
    text = (
        "name: 分类考核\nperiod: year\n"
        "units:\n  class_of:\n    {cls}: {{codes: [QH-T01]}}\n"
        "quotas:\n  - {{key: q, count: submitted, targets: {{一类: 3, 二类: 1}}, met: 10, missed: -5}}\n"
        "pass_mark: {{一类: 10, 二类: 5}}\n"
    )
    party = rule_set(city.county_hub, city.channels["party"], text.format(cls="一类"), D(2026, 1, 1))
    gov = rule_set(city.county_gov_hub, city.channels["gov"], text.format(cls="二类"), D(2026, 1, 1))
    make_item(city.township, city.officer, D(2026, 3, 2))
    make_item(city.township, city.officer, D(2026, 3, 3))
    with time_machine.travel(AFTER_THE_YEAR, tick=False):
        actions.recompute(city.county_editor, party, *YEAR)
        actions.recompute(city.county_gov_editor, gov, *YEAR)
    # 城关镇 submitted 2: for the party office it is 一类 (task 3) → -5, below the 一类 mark 10;
    # for the government office 二类 (task 1) → +10, above the 二类 mark 5.
    (party_row,) = [r for r in queries.unit_ranking(party, *YEAR) if r.unit_id == city.township.pk]
    (gov_row,) = [r for r in queries.unit_ranking(gov, *YEAR) if r.unit_id == city.township.pk]
    assert (party_row.class_name, party_row.total, party_row.below_pass) == ("一类", Decimal(-5), True)
    assert (gov_row.class_name, gov_row.total, gov_row.below_pass) == ("二类", Decimal(10), False)


def test_external_adoption_form_offers_the_register_records_the_score_and_warns_of_unknown_bodies(city, login):  # type: ignore[no-untyped-def]
    from xinbao.items import actions as item_actions
    from xinbao.items.testing import make_submitted_item

    sub = make_submitted_item(city)
    item_actions.adopt(city.county_editor, sub)
    client = login(city.county_editor)
    url = f"/items/s/{sub.pk}/external/"
    form = client.get(url).content.decode()
    assert '<option value="中办">= 中共中央办公厅</option>' in form and 'list="adopter_name-choices"' in form
    data = {
        "adopter_name": "中办",
        "level": "central",
        "adopted_on": "2026-11-01",
        "adopter_score": "8",
        "kind": "single",
    }
    response = client.post(url, data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert "已登记系统外采用。" in shown and not any("不在采用机关名录中" in m for m in shown)
    adoption = sub.item.adoptions.get(adopter_name="中办")
    assert (adoption.adopter_score, adoption.kind, adoption.external) == (Decimal(8), "single", True)
    response = client.post(url, {**data, "adopter_name": "某某报社", "adopter_score": ""}, follow=True)
    assert any("采用机关“某某报社”不在采用机关名录中" in str(m) for m in response.context["messages"])
    # A negative score is refused with a message, nothing recorded.
    before = sub.item.adoptions.count()
    response = client.post(url, {**data, "adopter_score": "-3"})
    assert response.status_code == 200 and sub.item.adoptions.count() == before
