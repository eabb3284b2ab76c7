"""Example A (county, yearly): every expected figure is worked out by hand in the comments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from xinbao.instructions.actions import record_instruction
from xinbao.scoring import actions, queries
from xinbao.scoring.models import ScoreEntry

from .factories import adopt, example, make_combined, make_item, make_items, rule_set

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


@pytest.fixture
def scenario(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    # Events are scored after commit (scoring.tasks): run those callbacks, as a committed request would.
    with django_capture_on_commit_callbacks(execute=True):
        party = city.channels["party"]
        rs = rule_set(city.county_hub, party, example("county_yearly.yaml"), D(2026, 1, 1))
        t1, t2 = city.township, city.township2
        # 城关镇 (township) submits 16 items in 2026: five named ones + 11 routine ones.
        item1 = make_item(t1, city.officer, D(2026, 2, 3), title="城关镇春耕备耕")
        item2 = make_item(t1, city.officer, D(2026, 3, 3), title="城关镇调研报告", category="research")
        item3 = make_item(t1, city.officer, D(2026, 4, 3), title="城关镇重大动态")
        item4 = make_item(t1, city.officer, D(2026, 5, 3), title="城关镇综合素材")
        make_item(t1, city.officer, D(2026, 6, 3), title="城关镇未采用信息")
        make_items(t1, city.officer, D(2026, 7, 1), 11)
        # 新华镇 (township2) submits 14: two named + 12 routine (one short of the quota of 15).
        item5 = make_item(t2, city.officer2, D(2026, 5, 4), title="新华镇综合素材")
        joint = make_item(t2, city.officer2, D(2026, 6, 4), title="两镇合报信息", co_units=(t1,))
        make_items(t2, city.officer2, D(2026, 7, 2), 12)
        # A submission dated in 2025 counts for nothing in 2026.
        make_item(t2, city.officer2, D(2025, 12, 30), title="去年的信息")

        adopt(item1, D(2026, 2, 10), "county", adopter=city.county_hub, publication="《重要信息》")
        adopt(item1, D(2026, 2, 20), "city", publication="《江州信息》")
        adopt(item2, D(2026, 3, 20), "province", forwarded=True, as_research=True, external=True)
        adopt(item3, D(2026, 4, 20), "central", adopter_name="中央办公厅", forwarded=True, external=True)
        combined = make_combined(city.county_hub, city.county_editor, party, [item4, item5], D(2026, 5, 10), "两镇综合")
        adopt(combined, D(2026, 5, 20), "county", adopter=city.county_hub, publication="《重要信息》")
        adopt(joint, D(2026, 6, 20), "county", adopter=city.county_hub, publication="《信息快报》")
        record_instruction(
            None,
            item=item1,
            text="请认真研究。",
            leader_name="张市长",
            leader_level="city",
            instructed_on=D(2026, 2, 25),
        )
        record_instruction(
            None,
            item=item1,
            text="阅。",
            leader_name="李主任",
            leader_level="city",
            leader_post="市委办领导",
            instructed_on=D(2026, 3, 1),
        )
        record_instruction(
            None, item=item5, text="好。", leader_name="王县长", leader_level="county", instructed_on=D(2026, 5, 25)
        )
    return rs


def _totals(rs):  # type: ignore[no-untyped-def]
    return {row.name: row.total for row in queries.unit_ranking(rs, *YEAR)}


def test_county_example_scored_live_as_events_happen(scenario, city):  # type: ignore[no-untyped-def]
    # 城关镇:
    #   submitted 16 >= 15                                   +50
    #   item1 《重要信息》 single (county hub)                  +5
    #   item1 adopted by 市委办 (level city) — adds up        +10
    #   item2 province, as 调研参考, forwarded: 20 x 2         +40
    #   item3 forwarded to 中央办公厅                          +50
    #   combined item (item4 + item5) in 《重要信息》: 3/unit   +3
    #   joint item with 新华镇 in 《信息快报》: 10 / 2 units     +5
    #   instruction on item1 by a city leader                 +30
    #   instruction on item1 by a 市委办 leader (post rule)    +20
    #   item "未采用信息": never adopted                          0
    #   = 50+5+10+40+50+3+5+30+20 = 213
    # 新华镇:
    #   submitted 14 < 15 (the 2025 item does not count)        0
    #   combined item: 3; joint item: 10 / 2 = 5; county leader instruction on item5: 10
    #   = 0+3+5+10 = 18
    assert _totals(scenario) == {"清河城关镇": Decimal("213"), "清河新华镇": Decimal("18")}


def test_recompute_gives_the_same_ledger_and_explanations(scenario, city):  # type: ignore[no-untyped-def]
    actions.recompute(city.county_editor, scenario, *YEAR)
    first = list(
        ScoreEntry.objects.order_by("unit_id", "seq").values_list("unit_id", "rule_key", "points", "explanation")
    )
    actions.recompute(city.county_editor, scenario, *YEAR)
    second = list(
        ScoreEntry.objects.order_by("unit_id", "seq").values_list("unit_id", "rule_key", "points", "explanation")
    )
    assert first == second
    assert _totals(scenario) == {"清河城关镇": Decimal("213"), "清河新华镇": Decimal("18")}
    texts = [e[3] for e in first if e[0] == city.township.pk]
    assert "县委办公室《重要信息》采用《城关镇春耕备耕》（《重要信息》单篇采用），+5分" in texts
    assert any("×2（作为调研参考或理论文章转报采用）" in t and "+40分" in t for t in texts)
    assert any("2个单位合报，均分" in t and "+5分" in t for t in texts)
    assert "全年报送数量：2026年报送信息16条，任务15条，完成，+50分" in texts


def test_revoking_an_adoption_takes_its_points_away(scenario, city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from xinbao.items.models import Adoption
    from xinbao.items.signals import adoption_revoked

    adoption = Adoption.objects.get(adopter_name="中央办公厅")
    adoption.revoked_at = timezone.now()  # the items app's revoke action does this, then publishes
    adoption.save()
    with django_capture_on_commit_callbacks(execute=True):
        adoption_revoked.send(sender=Adoption, adoption=adoption)
    # 213 - 50 (中办 adoption gone) = 163
    assert _totals(scenario)["清河城关镇"] == Decimal("163")


def test_unit_ledger_sums_to_the_ranking_total(scenario, city):  # type: ignore[no-untyped-def]
    entries = queries.unit_entries(scenario, city.township, *YEAR)
    assert sum(e.points for e in entries) == Decimal("213")
    summary = {r["rule_key"]: r["total"] for r in queries.unit_summary(scenario, city.township, *YEAR)}
    assert summary["submission"] == Decimal("50") and summary["ins_city_office"] == Decimal("20")


def test_top_items_and_writers(scenario, city):  # type: ignore[no-untyped-def]
    top = queries.top_items(scenario, *YEAR)
    # item1: 5 + 10 + 30 + 20 = 65, ahead of item3 (50) and item2 (40).
    assert [(t["title"], t["total"]) for t in top[:3]] == [
        ("城关镇春耕备耕", Decimal("65")),
        ("城关镇重大动态", Decimal("50")),
        ("城关镇调研报告", Decimal("40")),
    ]
    writers = queries.writer_ranking(scenario, *YEAR)
    # officer: 213 - 50 (quota line, a unit entry) - 5 (joint share of a co-unit has no writer) = 158
    # officer2: 18 (3 + 5 + 10, all on items officer2 wrote)
    assert [(w.person_id, w.total) for w in writers] == [
        (city.officer.pk, Decimal("158")),
        (city.officer2.pk, Decimal("18")),
    ]


def test_an_instruction_recorded_by_an_editor_scores_once_the_chief_confirms(  # type: ignore[no-untyped-def]
    scenario, city, django_capture_on_commit_callbacks
):
    """An editor records a county leader's paper 批示 on 新华镇's item5: it scores nothing until the county
    chief confirms it; then 新华镇 gains a county-leader instruction's 10 points (18 + 10 = 28)."""
    from xinbao.instructions.actions import confirm_instruction
    from xinbao.instructions.models import Instruction

    item5 = Instruction.objects.get(leader_name="王县长").item
    with django_capture_on_commit_callbacks(execute=True):  # each request commits; its task runs after
        ins = record_instruction(
            city.county_editor,
            item=item5,
            text="请跟进。",
            leader_name="赵县长",
            leader_level="county",
            instructed_on=D(2026, 6, 1),
        )
    actions.recompute(None, scenario, *YEAR)
    assert _totals(scenario)["清河新华镇"] == Decimal("18")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_instruction(city.county_chief, ins)
    assert _totals(scenario)["清河新华镇"] == Decimal("28")
