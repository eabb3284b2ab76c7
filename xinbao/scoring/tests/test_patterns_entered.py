"""Hub-entered assessment items (conditions and discretionary amounts within a range, with reasons,
audited, undoable), sub-rankings over some rule keys, and adoption rates as a ranking column."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.scoring import actions, queries

from .factories import adopt, example, make_item, rule_set

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def _totals(rs, **kw):  # type: ignore[no-untyped-def]
    return {row.name: row.total for group in queries.rankings_by_class(rs, *YEAR, **kw).values() for row in group}


def test_entered_items_sub_rankings_and_rates(city, login):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("entered_items.yaml"), D(2026, 1, 1))
    a, b, c = (make_item(city.township, city.officer, D(2026, 3, d)) for d in (2, 3, 4))
    adopt(a, D(2026, 3, 10), "county", adopter=city.county_hub)
    adopt(b, D(2026, 3, 11), "county", adopter=city.county_hub)
    adopt(c, D(2026, 3, 12), "city", adopter_name="市委办公室")
    d, _e = (make_item(city.township2, city.officer2, D(2026, 4, n)) for n in (2, 3))
    adopt(d, D(2026, 4, 10), "county", adopter=city.county_hub)
    editor = city.county_editor
    actions.record_hub_entry(
        editor, rs, city.township, rule_key="six_haves", points=5, reason="六有齐全", on=D(2026, 6, 1)
    )
    untrue = actions.record_hub_entry(
        editor, rs, city.township, rule_key="untrue", points=-60, reason="《某信息》数据失实", on=D(2026, 6, 2)
    )
    actions.record_hub_entry(
        editor, rs, city.township2, rule_key="leadership", points=3, reason="书记批阅", on=D(2026, 6, 3)
    )
    # 城关镇: county 5 + 5, city 10 = 20; 六有 +5; 信息不实 -60 → -35.
    # 新华镇: county 5; 领导重视 +3 → 8.
    assert _totals(rs) == {"清河城关镇": Decimal(-35), "清河新华镇": Decimal(8)}
    ledger = [x.explanation for x in queries.unit_entries(rs, city.township, *YEAR)]
    assert "2026-06-02 报送信息不实：《某信息》数据失实（信息科录入），-60分" in ledger
    # The adoption points only (rankings[0]): 城关镇 20, 新华镇 5.
    assert _totals(rs, keys=rs.active_version.spec["rankings"][0]["keys"]) == {
        "清河城关镇": Decimal(20),
        "清河新华镇": Decimal(5),
    }
    # Rates as a column: 城关镇 3 submitted, 3 adopted = 100%; 新华镇 2 submitted, 1 adopted = 50%.
    rows = {r.name: r for g in queries.rankings_by_class(rs, *YEAR, order="rate").values() for r in g}
    assert (rows["清河城关镇"].rank, rows["清河城关镇"].extra["rate"]) == (1, Decimal(100))
    assert (rows["清河新华镇"].rank, rows["清河新华镇"].extra["rate"]) == (2, Decimal(50))
    # Out of range, no reason, an unknown item, someone else: refused, nothing changes.
    with pytest.raises(DomainError, match="分值应在-100至-50之间"):
        actions.record_hub_entry(editor, rs, city.township, rule_key="untrue", points=-20, reason="x", on=D(2026, 6, 4))
    with pytest.raises(DomainError, match="请填写理由"):
        actions.record_hub_entry(
            editor, rs, city.township, rule_key="six_haves", points=1, reason=" ", on=D(2026, 6, 4)
        )
    with pytest.raises(DomainError, match="没有该录入考核项"):
        actions.record_hub_entry(editor, rs, city.township, rule_key="base", points=1, reason="x", on=D(2026, 6, 4))
    with pytest.raises(PermissionRefused):
        actions.record_hub_entry(
            city.officer, rs, city.township, rule_key="six_haves", points=5, reason="x", on=D(2026, 6, 4)
        )
    # Undo with a reason: the line leaves the ledger (-35 + 60 = 25), the entry stays, marked.
    actions.cancel_hub_entry(editor, untrue, reason="经核实数据无误")
    assert _totals(rs)["清河城关镇"] == Decimal(25)
    untrue.refresh_from_db()
    assert untrue.cancelled_at is not None and untrue.cancel_reason == "经核实数据无误"
    assert AuditRecord.objects.filter(action="scoring.record_entry").count() == 3
    assert AuditRecord.objects.filter(action="scoring.cancel_entry").count() == 1

    # The pages: the hub's form on the ledger, a sub-ranking ordered by rate.
    client = login(editor)
    page = client.get(f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026").content.decode()
    assert 'data-testid="entry-form"' in page and "经核实数据无误" in page
    response = client.post(
        f"/scoring/{rs.pk}/units/{city.township2.pk}/entries/",
        {"rule_key": "untrue", "points": "-10", "on": "2026-06-05", "reason": "x"},
    )
    assert response.status_code == 302 and _totals(rs)["清河新华镇"] == Decimal(8)  # out of range: nothing
    page = client.get(f"/scoring/{rs.pk}/rankings/?period=2026&ranking=0&order=rate").content.decode()
    assert "采用得分排名" in page and "100.0%" in page
    assert client.get(f"/scoring/{rs.pk}/rankings/?period=2026&ranking=9&order=x").status_code == 200
    assert login(city.officer).get(f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026").status_code == 200
