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


COUNTED_RULES = """
name: 计数口径对照
period: year
units:
  scope: members
quotas:
  - {key: monthly, count: submitted, per: month, target: 2, met: 10, per_missing: -1}
  - {key: research, count: submitted, per: quarter, categories: [research], target: 1, per_missing: -2}
  - {key: pictures, count: submitted, item_types: [picture], target: 1, met: 3}
  - {key: never, count: never_adopted, per: quarter, target: 0, per_extra: -0.5}
  - {key: year, count: submitted, target: 5, per_extra: 1, per_missing: -1}
adoptions:
  - {key: county, match: {levels: [county]}, points: 5}
rates:
  - {key: low_rate, metric: adoption_rate, below: 0.5, points: -3}
zero_if:
  - {key: flood, fact: submission, at_least: 9}
writers:
  roles: [officer]
  quotas:
    - {key: writer_monthly, count: submitted, per: month, target: 1, per_missing: -1}
"""


def _ledger(results):  # type: ignore[no-untyped-def]
    return sorted(
        (r.unit_id, ln.person_id or 0, ln.on, ln.rule_key, ln.points, ln.explanation, ln.writer_only)
        for r in results
        for ln in r.lines
    )


def test_counting_submissions_in_sql_gives_the_ledger_of_counting_them_one_by_one(city, monkeypatch):  # type: ignore[no-untyped-def]
    """A recompute counts submissions per unit, writer, category/type and segment in SQL; the ledger is the
    one the per-item facts give: monthly, quarterly and yearly quotas, never adopted, a rate, zero_if."""
    import time_machine

    from xinbao.scoring import actions
    from xinbao.scoring.periods import containing

    from .factories import rule_set

    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], COUNTED_RULES, D(2026, 1, 1))
        made = []
        for i, (month, day) in enumerate(
            [(1, 1), (1, 15), (1, 31), (2, 14), (3, 31), (4, 1), (6, 30), (7, 1), (12, 31)]
        ):
            made.append(
                make_item(
                    city.township,
                    city.officer,
                    D(2026, month, day),
                    category="research" if i % 3 == 0 else "news",
                    item_type="picture" if i == 5 else "text",
                )
            )
        for month in (1, 5, 5, 9):
            made.append(make_item(city.township2, city.officer2, D(2026, month, 10)))
        adopt(made[0], D(2026, 2, 1), "county", adopter=city.county_hub)
        adopt(made[4], D(2026, 4, 2), "county", adopter=city.county_hub)
        adopt(made[9], D(2026, 5, 20), "county", adopter=city.county_hub)
        spec = rs.active_version.spec
        year = containing("year", D(2026, 6, 1))
        counting = sources.counting_for(spec, year.start, year.end)
        assert counting is not None and counting.by == ("category", "item_type") and counting.adopted
        counted = sources.collect([city.township.pk], year.start, year.end, counting=counting)
        assert max(f.weight for f in counted if f.kind == "submission") > 1  # the counted path is taken
        in_sql = _ledger(actions.compute(rs, spec, year))
        monkeypatch.setattr(actions, "counting_for", lambda *args: None)
        one_by_one = _ledger(actions.compute(rs, spec, year))
    assert in_sql == one_by_one
    keys = {key for _u, _p, _on, key, _pts, _t, _w in in_sql}
    assert {"monthly", "research", "pictures", "never", "year", "low_rate", "writer_monthly"} <= keys


def test_a_rule_that_needs_submissions_one_by_one_turns_counting_off():  # type: ignore[no-untyped-def]
    year = (D(2026, 1, 1), D(2026, 12, 31))
    event = {"events": [{"key": "e", "fact": "submission", "points": 1}]}
    excluded = {"quotas": [{"key": "q", "count": "never_adopted", "exclude_facts": ["item.referred"], "target": 1}]}
    assert sources.counting_for(event, *year) is None
    assert sources.counting_for(excluded, *year) is None
    monthly = sources.counting_for({"quotas": [{"key": "m", "count": "submitted", "per": "quarter"}]}, *year)
    assert monthly is not None and monthly.segments() == [
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 12, 31)),
    ]


def test_a_large_rebuild_writes_the_ledger_the_small_one_writes(city, monkeypatch):  # type: ignore[no-untyped-def]
    """A city's year is written with COPY on PostgreSQL (INSERTs on SQLite and for a unit's rescore):
    the same rows either way — points, dates, texts with quotes and tabs, empty people and items."""
    import time_machine

    from xinbao.scoring import actions
    from xinbao.scoring.models import ScoreEntry

    from .factories import rule_set

    columns = ("unit_id", "person_id", "on", "rule_key", "points", "explanation", "item_id", "seq", "writer_only")
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], COUNTED_RULES, D(2026, 1, 1))
        item = make_item(city.township, city.officer, D(2026, 3, 2), title='带"引号"\t和\\反斜杠')
        adopt(item, D(2026, 3, 10), "county", adopter=city.county_hub)

        def rebuilt(copy: bool) -> list[tuple]:  # type: ignore[type-arg]
            monkeypatch.setattr(actions, "_COPY_ON_POSTGRESQL", copy)
            ScoreEntry.objects.filter(rule_set=rs).delete()  # (a recompute writes only changed units)
            actions.recompute(city.county_editor, rs, D(2026, 1, 1), D(2026, 12, 31))
            lines = ScoreEntry.objects.filter(rule_set=rs).order_by("unit_id", "writer_only", "person_id", "seq")
            return list(lines.values_list(*columns))

        inserted, copied = rebuilt(False), rebuilt(True)
    assert copied == inserted and len(copied) > 20
    assert any('带"引号"\t和\\反斜杠' in row[5] for row in copied)


def test_only_the_sources_a_rule_set_looks_at_are_read(city):  # type: ignore[no-untyped-def]
    """The county rule set scores adoptions, 批示 and a submission quota: 约稿, 紧急信息, forwarding and
    落实反馈 are not read for it; a rule set with an event on 迟报 reads the urgent source too."""
    ctx = Context(
        classes={"一类", "二类"},
        periodicals=set(),
        fact_kinds=set(sources.fact_kinds()),
        bodies={"中共中央办公厅": "中共中央办公厅"},
        writer_attributes=set(),
    )
    county = compile_rules(example("county_yearly.yaml"), ctx)
    assert sources.used_kinds(county) == {"adoption", "instruction", "submission"}
    late = {"events": [{"key": "late", "fact": "urgent.late", "points": -1}], "zero_if": []}
    assert sources.used_kinds(late) == {"urgent.late"}
    year = (D(2026, 1, 1), D(2026, 12, 31))
    make_item(city.township, city.officer, D(2026, 3, 2))
    only_urgent = sources.collect([city.township.pk], *year, kinds={"urgent.late"})
    assert only_urgent == []  # the submission above is not read for a rule set that only scores 迟报
    assert [f.kind for f in sources.collect([city.township.pk], *year, kinds={"submission"})] == ["submission"]


def test_a_recompute_rewrites_only_the_units_whose_lines_changed(city):  # type: ignore[no-untyped-def]
    """A recompute of every unit compares its lines with the ledger: unchanged units keep their rows (same
    ids), a unit whose adoption was revoked behind the ledger's back is rewritten, a new version rewrites
    every unit (lines name their version) — and the ledger is always the one a rebuild from empty gives."""
    import time_machine
    from django.utils import timezone

    from xinbao.items.models import Adoption
    from xinbao.scoring import actions
    from xinbao.scoring.models import ScoreEntry

    from .factories import rule_set

    def ledger() -> dict[int, set[int]]:
        ids: dict[int, set[int]] = {}
        for unit_id, pk in ScoreEntry.objects.filter(rule_set=rs).values_list("unit_id", "id"):
            ids.setdefault(unit_id, set()).add(pk)
        return ids

    def lines() -> list[tuple]:  # type: ignore[type-arg]
        rows = ScoreEntry.objects.filter(rule_set=rs).order_by("unit_id", "writer_only", "person_id", "seq")
        return list(rows.values_list("unit_id", "person_id", "rule_key", "points", "explanation", "version_id"))

    def from_empty() -> list[tuple]:  # type: ignore[type-arg]
        kept = lines()
        ScoreEntry.objects.filter(rule_set=rs).delete()
        actions.recompute(city.county_editor, rs, D(2026, 1, 1), D(2026, 12, 31))
        assert lines() == kept
        return kept

    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], COUNTED_RULES, D(2026, 1, 1))
        mine = make_item(city.township, city.officer, D(2026, 3, 2), title="城关镇采用")
        theirs = make_item(city.township2, city.officer2, D(2026, 3, 3), title="新华镇采用")
        adopt(mine, D(2026, 3, 10), "county", adopter=city.county_hub)
        adopt(theirs, D(2026, 3, 11), "county", adopter=city.county_hub)
        year = (D(2026, 1, 1), D(2026, 12, 31))
        actions.recompute(city.county_editor, rs, *year)
        rs.refresh_from_db()
        before, version = ledger(), rs.ledger_version
        assert {city.township.pk, city.township2.pk} <= before.keys()

        total = actions.recompute(city.county_editor, rs, *year)  # nothing changed: nothing written
        rs.refresh_from_db()
        assert ledger() == before and rs.ledger_version == version
        assert total == sum(len(ids) for ids in before.values())

        # Revoked without the live task (as a restore from backup would): only 城关镇 is rewritten.
        Adoption.objects.filter(item=mine).update(revoked_at=timezone.now())
        actions.recompute(city.county_editor, rs, *year)
        after = ledger()
        assert after[city.township2.pk] == before[city.township2.pk]
        assert not after[city.township.pk] & before[city.township.pk]
        assert not any("城关镇采用" in row[4] for row in from_empty())

        # A new version (same text): every line names it, so every unit is rewritten.
        new = actions.save_version(city.county_editor, rs, text=rs.active_version.text)
        actions.activate_version(city.county_editor, new)
        rs.refresh_from_db()
        kept = ledger()
        actions.recompute(city.county_editor, rs, *year)
        assert all(not ledger()[unit] & kept[unit] for unit in kept)
        assert {row[5] for row in from_empty()} == {new.pk}
