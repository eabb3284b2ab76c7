"""The fact sources read a few units (the live task) and a whole city (a recompute) by different paths;
both give the same facts. And what a rule set never looks at is not read: writers' roles and the titles
of facts no ledger line prints."""

from __future__ import annotations

import datetime

import pytest

from xinbao.scoring import sources
from xinbao.scoring.rules import Context, compile_rules

from .factories import adopt, example, make_combined, make_item

D = datetime.date


def _facts(unit_ids):  # type: ignore[no-untyped-def]
    facts = sources.collect(unit_ids, D(2026, 1, 1), D(2026, 12, 31))
    return sorted((f.kind, f.unit_id, f.item_id, f.source_id, tuple(sorted(f.attrs.items()))) for f in facts)


def test_the_city_wide_path_gives_the_facts_of_the_per_unit_path(city, monkeypatch):  # type: ignore[no-untyped-def]
    alone = make_item(city.township, city.officer, D(2026, 3, 2), title="单独采用")
    never = make_item(city.township, city.officer, D(2026, 3, 3), title="未采用")
    source = make_item(city.township2, city.officer2, D(2026, 3, 4), title="综合来源")
    other = make_item(city.township, city.officer, D(2026, 3, 5), title="另一来源")
    adopt(alone, D(2026, 3, 10), "county", adopter=city.county_hub)
    party = city.channels["party"]
    combined = make_combined(city.county_hub, city.county_editor, party, [source, other], D(2026, 3, 11), "综合")
    adopt(combined, D(2026, 3, 12), "city")
    units = [city.township.pk, city.township2.pk]
    few = _facts(units)  # under the limit: EXISTS per item, unit filter in SQL
    monkeypatch.setattr(sources, "_SQL_FILTER_LIMIT", 0)
    assert _facts(units) == few  # the city-wide path: one read of every adopted source item
    adopted = {item_id: dict(attrs)["adopted"] for kind, _u, item_id, _s, attrs in few if kind == "submission"}
    assert adopted == {alone.pk: True, source.pk: True, other.pk: True, never.pk: False}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("county_yearly.yaml", False), ("cppcc_members.yaml", True), ("district_quarterly.yaml", False)],
)
def test_a_rule_set_that_never_looks_at_writers_skips_their_roles(name, expected):  # type: ignore[no-untyped-def]
    ctx = Context(
        classes={"一类", "二类"},
        periodicals=set(),
        fact_kinds=set(sources.fact_kinds()),
        bodies={"中共中央办公厅": "中共中央办公厅"},
        writer_attributes={"全国政协委员", "省政协委员"},
    )
    spec = compile_rules(example(name), ctx)
    assert sources.uses_writers(spec) is expected
    kinds = sources.printed_kinds(spec)
    assert "adoption" in kinds and "submission" not in kinds
