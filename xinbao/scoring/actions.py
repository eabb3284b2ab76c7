"""Every write of scoring: rule sets and versions, recomputing the ledger, notices."""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Collection, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, DecimalField, F, Field, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.idlists import IdList
from xinbao.orgs.models import Channel, Unit, User
from xinbao.orgs.roles import HUB_STAFF

from . import periods, queries
from .engine import Engine, UnitInfo, UnitResult
from .models import HubEntry, RuleSet, RuleSetVersion, ScoreEntry
from .periods import Period
from .rules import RuleIssue, compile_rules
from .sources import ScoringFact, collect, counting_for, printed_kinds, used_kinds, uses_writers


def _require_manager(user: User | None, rule_set: RuleSet) -> None:
    if not queries.can_manage(user, rule_set):
        raise PermissionRefused(_("只有该汇总单位的信息科人员可以维护考核办法。"))


def validate_text(text: str) -> dict[str, Any]:
    """The compiled spec, or ``RuleSetInvalid`` naming each line (changes nothing)."""
    return compile_rules(text, queries.rule_context())


def check_text(text: str) -> tuple[dict[str, Any], list[RuleIssue]]:
    """The compiled spec and its warnings (saved anyway, shown beside the text), or ``RuleSetInvalid``."""
    ctx = queries.rule_context()
    spec = compile_rules(text, ctx)
    return spec, sorted(ctx.warnings, key=lambda w: w.line)


@write_action
def create_rule_set(
    user: User | None,
    *,
    hub: Unit,
    channel: Channel,
    text: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    activate: bool = True,
) -> RuleSet:
    """A new rule set with its first version (active unless ``activate`` is False)."""
    if user is not None and (not user.has_role(*HUB_STAFF) or user.unit_id != hub.pk):
        raise PermissionRefused(_("只有本汇总单位的信息科人员可以制定考核办法。"))
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("截止日期不能早于生效日期。"), field="valid_to")
    spec = validate_text(text)
    rule_set = RuleSet.objects.create(
        hub=hub, channel=channel, name=spec["name"], valid_from=valid_from, valid_to=valid_to, created_by=user
    )
    version = RuleSetVersion.objects.create(rule_set=rule_set, number=1, text=text, spec=spec, created_by=user)
    record(user, "scoring.create_rule_set", rule_set, new={"name": rule_set.name, "hub": hub, "channel": channel})
    if activate:
        _activate(user, rule_set, version)
    return rule_set


@write_action
def save_version(user: User | None, rule_set: RuleSet, *, text: str, note: str = "") -> RuleSetVersion:
    """Validate and store a new version; the active version stays until ``activate_version``."""
    _require_manager(user, rule_set)
    spec = validate_text(text)
    last = rule_set.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = RuleSetVersion.objects.create(
        rule_set=rule_set, number=last + 1, text=text, spec=spec, note=note[:200], created_by=user
    )
    record(user, "scoring.save_version", rule_set, new={"version": version.number, "note": note})
    return version


def _activate(user: User | None, rule_set: RuleSet, version: RuleSetVersion) -> None:
    old = rule_set.active_version.number if rule_set.active_version else None
    rule_set.active_version = version
    rule_set.name = version.spec.get("name", rule_set.name)[:100]
    rule_set.save(update_fields=["active_version", "name"])
    record(user, "scoring.activate_version", rule_set, old={"version": old}, new={"version": version.number})


@write_action
def activate_version(user: User | None, version: RuleSetVersion) -> RuleSet:
    rule_set = version.rule_set
    _require_manager(user, rule_set)
    _activate(user, rule_set, version)
    return rule_set


@write_action
def delete_rule_set(user: User | None, rule_set: RuleSet) -> None:
    """Soft delete: the rule set and its ledger stay in the database, hidden and no longer scoring."""
    _require_manager(user, rule_set)
    rule_set.deleted_at = timezone.now()
    rule_set.save(update_fields=["deleted_at"])
    record(user, "scoring.delete_rule_set", rule_set)


# --- Computing ----------------------------------------------------------------------------------


def compute(
    rule_set: RuleSet,
    spec: dict[str, Any],
    period: Period,
    unit_ids: Collection[int] | None = None,
    assessed: list[UnitInfo] | None = None,
) -> list[UnitResult]:
    """The results of ``spec`` for ``period`` without saving anything (recompute and what-if preview):
    one per assessed unit, then one per writer with lines of their own (``writers``)."""
    units = assessed if assessed is not None else queries.assessed_units(rule_set, spec)
    if unit_ids is not None:
        wanted = set(unit_ids)
        units = [u for u in units if u.unit_id in wanted]
    ranked = {u.unit_id for u in units}
    rolled = {src: v for src, v in queries.roll_up(rule_set, spec).items() if v[0] in ranked}
    writers = queries.assessed_writers(rule_set, spec, ranked)
    wanted_facts = ranked | set(rolled) | {w.unit_id for w in writers}
    facts = collect(
        sorted(wanted_facts),
        period.start,
        period.end,
        named=printed_kinds(spec),
        writers=uses_writers(spec),
        counting=counting_for(spec, period.start, period.end),
        kinds=used_kinds(spec),
    )
    entered = _entered_facts(rule_set, ranked, period)
    if entered:  # in date order with the other facts (a stable sort keeps the sources' order on a day)
        facts = sorted(facts + entered, key=lambda f: f.on)
    for fact in facts:
        if fact.unit_id in rolled:  # credited to the unit it rolls up to, saying where it came from
            fact.unit_id, via = rolled[fact.unit_id]
            fact.attrs = {**fact.attrs, "via_unit": via}
    engine = Engine(spec, period, as_of=timezone.localdate())
    return engine.compute(units, facts) + engine.compute_writers(writers, facts)


def _entered_facts(rule_set: RuleSet, unit_ids: set[int], period: Period) -> list[ScoringFact]:
    """The hub's own entries for this rule set (they belong to it, unlike facts of other apps)."""
    entries = HubEntry.objects.filter(
        rule_set=rule_set, unit_id__in=unit_ids, on__gte=period.start, on__lte=period.end, cancelled_at__isnull=True
    ).order_by("on", "id")
    return [
        ScoringFact(
            kind="entered",
            unit_id=e.unit_id,
            on=e.on,
            source_type="scoring.hubentry",
            source_id=e.pk,
            attrs={"key": e.rule_key, "amount": e.points, "reason": e.reason},
        )
        for e in entries
    ]


@write_action
def record_hub_entry(
    user: User | None, rule_set: RuleSet, unit: Unit, *, rule_key: str, points: Any, reason: str, on: datetime.date
) -> HubEntry:
    """The hub enters an assessment item for a unit (a checked condition, or a discretionary amount within
    the rule's range), with the reason; the unit's period is rescored at once."""
    _require_manager(user, rule_set)
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    rule = next((r for r in spec.get("entered", []) if r["key"] == rule_key), None)
    if rule is None:
        raise DomainError(_("启用版本中没有该录入考核项。"), field="rule_key")
    if unit.pk not in {u.unit_id for u in queries.assessed_units(rule_set, spec)}:
        raise DomainError(_("该单位不在本考核办法的考核范围内。"))
    try:
        amount = Decimal(str(points))
    except InvalidOperation:
        raise DomainError(_("分值应为数字。"), field="points") from None
    low, high = Decimal(rule["min"]), Decimal(rule["max"])
    if not low <= amount <= high:
        raise DomainError(
            _("“%(l)s”的分值应在%(a)s至%(b)s之间。") % {"l": rule["label"], "a": low, "b": high}, field="points"
        )
    if not (reason or "").strip():
        raise DomainError(_("请填写理由。"), field="reason")
    if not periods_of(rule_set, on, on):
        raise DomainError(_("日期不在该考核办法的有效期内。"), field="on")
    entry = HubEntry.objects.create(
        rule_set=rule_set,
        unit=unit,
        rule_key=rule_key,
        on=on,
        points=amount,
        reason=reason.strip()[:300],
        entered_by=user,
    )
    record(
        user,
        "scoring.record_entry",
        unit,
        new={"rule_set": rule_set.name, "key": rule_key, "points": amount, "reason": entry.reason, "on": on},
    )
    _rebuild(rule_set, periods.containing(spec["period"], on), {unit.pk})
    return entry


@write_action
def cancel_hub_entry(user: User | None, entry: HubEntry, *, reason: str) -> None:
    """Undo an entry (kept, marked cancelled with the reason); its line leaves the ledger."""
    rule_set = entry.rule_set
    _require_manager(user, rule_set)
    if entry.cancelled_at is not None:
        raise DomainError(_("该录入已撤销。"))
    if not (reason or "").strip():
        raise DomainError(_("请填写撤销理由。"), field="reason")
    entry.cancelled_at, entry.cancel_reason = timezone.now(), reason.strip()[:300]
    entry.save(update_fields=["cancelled_at", "cancel_reason"])
    record(
        user,
        "scoring.cancel_entry",
        entry.unit,
        old={"key": entry.rule_key, "points": entry.points},
        new={"reason": entry.cancel_reason},
    )
    if rule_set.active_version is not None:
        _rebuild(rule_set, periods.containing(rule_set.active_version.spec["period"], entry.on), {entry.unit_id})


def _rows(rule_set: RuleSet, version: RuleSetVersion, period: Period, results: list[UnitResult]) -> list[tuple]:
    """Ledger rows as tuples in ``_COLUMNS`` order (no model instances: a year is ~10^5-10^6 rows). Dates
    and amounts are adapted once per distinct value (a year has a few hundred of each)."""
    ops = connection.ops
    rule_set_id, version_id = rule_set.pk, version.pk
    start, end = ops.adapt_datefield_value(period.start), ops.adapt_datefield_value(period.end)
    days: dict[datetime.date, Any] = {}
    amounts: dict[Decimal, Any] = {}
    rows = []
    for result in results:
        for seq, line in enumerate(result.lines):
            on = days.get(line.on)
            if on is None:
                on = days[line.on] = ops.adapt_datefield_value(line.on)
            points = amounts.get(line.points)
            if points is None:
                points = amounts[line.points] = ops.adapt_decimalfield_value(line.points, 12, 2)
            rows.append(
                (
                    rule_set_id,
                    version_id,
                    line.unit_id,
                    line.person_id,
                    start,
                    end,
                    on,
                    line.rule_key,
                    points,
                    line.explanation,
                    line.source_type,
                    line.source_id,
                    line.item_id,
                    seq,
                    line.writer_only,
                )
            )
    return rows


def _rebuild(
    rule_set: RuleSet,
    period: Period,
    unit_ids: Collection[int] | None = None,
    assessed: list[UnitInfo] | None = None,
) -> int:
    """Rebuild the period's entries (all units, or only ``unit_ids``) in one transaction; returns the
    number of lines the period's ledger holds for them afterwards.

    A recompute of all units rewrites only the units whose lines changed (a recompute before a notice,
    or after a correction, changes a few; a new version changes every line, since lines name it)."""
    version = rule_set.active_version
    if version is None:
        return 0
    rows = _rows(rule_set, version, period, compute(rule_set, version.spec, period, unit_ids, assessed))
    with transaction.atomic():
        stale = ScoreEntry.objects.filter(rule_set=rule_set, period_start=period.start)
        if unit_ids is not None:
            # The units' lines and the lines of their writers (a hub's attached writers with the hub).
            attached = [rule_set.hub_id] if version.spec.get("writers", {}).get("attached") else []
            stale = stale.filter(unit_id__in=[*unit_ids, *attached])
            written = rows
        else:
            changed = _changed_units(_ledger_rows_as_written(rule_set, period), rows)
            if not changed:
                return len(rows)
            stale = stale.filter(unit_id__in_ids=IdList(changed))
            written = [row for row in rows if row[_UNIT] in changed]
        stale.delete()
        # Rankings cached under the old version are no longer read (queries.unit_rank).
        RuleSet.objects.filter(pk=rule_set.pk).update(ledger_version=F("ledger_version") + 1)
        _insert(written)
    return len(rows)


_COLUMNS = (
    "rule_set",
    "version",
    "unit",
    "person",
    "period_start",
    "period_end",
    "on",
    "rule_key",
    "points",
    "explanation",
    "source_type",
    "source_id",
    "item_id",
    "seq",
    "writer_only",
)
_UNIT, _POINTS = _COLUMNS.index("unit"), _COLUMNS.index("points")


def _ledger_field(name: str) -> Field:
    field = ScoreEntry._meta.get_field(name)
    assert isinstance(field, Field)  # every name used here is a concrete column
    return field


def _ledger_fields() -> list[Field]:
    """The ledger's columns in ``_COLUMNS`` order."""
    return [_ledger_field(name) for name in _COLUMNS]


def _changed_units(ledger: list[tuple], rows: list[tuple]) -> set[int]:
    """The units whose new lines differ from the period's ledger (units on one side only count as
    changed). A unit's lines were written in one go, in order: read back in that order (by id) and in the
    form they were given to the driver (``_ledger_rows_as_written``), an unchanged unit's lines equal its
    new rows one for one. (An order that differed would only rewrite a unit needlessly, never keep a
    changed one.)"""
    old, new = _by_unit(ledger), _by_unit(rows)
    return {unit for unit in old.keys() | new.keys() if old.get(unit) != new.get(unit)}


def _by_unit(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[_UNIT]].append(row)
    return grouped


def _ledger_rows_as_written(rule_set: RuleSet, period: Period) -> list[tuple]:
    """The period's lines in ``_COLUMNS`` order as ``_rows`` gives them to the driver: on SQLite dates as ISO
    text (read as text: no converter runs per row) and amounts as decimals (SQLite keeps 10 or 3.33)."""
    quote = connection.ops.quote_name
    selected = []
    for field in _ledger_fields():
        column = quote(field.column)
        if connection.vendor == "sqlite" and isinstance(field, DateField):
            column = f"CAST({column} AS TEXT)"
        elif connection.vendor == "sqlite" and isinstance(field, DecimalField):
            column = f"printf('%%.{field.decimal_places}f', {column})"  # (%% : a parameter style)
        selected.append(column)
    # By unit, then id: the order of the period index (no sort on SQLite, whose index rows end in the id).
    sql = "SELECT {} FROM {} WHERE {} = %s AND {} = %s ORDER BY {}, {}".format(
        ", ".join(selected),
        quote(ScoreEntry._meta.db_table),
        *(quote(_ledger_field(name).column) for name in ("rule_set", "period_start", "unit", "id")),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [rule_set.pk, connection.ops.adapt_datefield_value(period.start)])
        rows = cursor.fetchall()
    if connection.vendor != "sqlite":
        return rows
    amounts = {text: Decimal(text) for text in {row[_POINTS] for row in rows}}  # once per distinct amount
    return [(*row[:_POINTS], amounts[row[_POINTS]], *row[_POINTS + 1 :]) for row in rows]


# PostgreSQL takes the lines with COPY: a unit's ~200 lines in 4 ms instead of 18 (executemany, a round
# trip a row), a city's year several times faster. (A switch for the test that compares both ways.)
_COPY_ON_POSTGRESQL = True


def _insert(rows: list[tuple]) -> int:
    """Insert ledger rows: COPY on PostgreSQL; on SQLite one prepared statement (``executemany``), since
    ``bulk_create`` splits them into batches of ~60 and builds a model instance per row."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    columns = [field.column for field in _ledger_fields()]
    table, names = quote(ScoreEntry._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _COPY_ON_POSTGRESQL:
            _copy(cursor, f"COPY {table} ({names}) FROM STDIN", rows)
            return len(rows)
        sql = "INSERT INTO {} ({}) VALUES ({})".format(table, names, ", ".join(["%s"] * len(columns)))
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])
    return len(rows)


def _copy(cursor: Any, sql: str, rows: list[tuple]) -> None:
    """COPY through the driver's cursor, logged like any statement (query counts and the debug log see it)."""
    began = time.perf_counter()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        elapsed = time.perf_counter() - began
        connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows", "time": f"{elapsed:.3f}"})


def periods_of(rule_set: RuleSet, start: datetime.date, end: datetime.date) -> list[Period]:
    """The rule set's periods overlapping [start, end] within its validity."""
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    lo = max(start, rule_set.valid_from)
    hi = min(end, rule_set.valid_to) if rule_set.valid_to else end
    if lo > hi:
        return []
    return periods.between(spec.get("period", "year"), lo, hi)


@write_action
def recompute(user: User | None, rule_set: RuleSet, start: datetime.date, end: datetime.date) -> int:
    """Recompute every period of the rule set overlapping [start, end]; returns the number of entries."""
    _require_manager(user, rule_set)
    if rule_set.active_version is None:
        raise DomainError(_("该考核办法尚未启用任何版本。"))
    touched = periods_of(rule_set, start, end)
    if not touched:
        raise DomainError(_("所选时间不在该考核办法的有效期内。"))
    count = sum(_rebuild(rule_set, period) for period in touched)
    record(
        user,
        "scoring.recompute",
        rule_set,
        new={
            "version": rule_set.active_version.number,
            "from": touched[0].start,
            "to": touched[-1].end,
            "entries": count,
        },
    )
    return count


@write_action
def apply_version(user: User | None, version: RuleSetVersion, period: Period) -> int:
    """After a what-if preview: make ``version`` active and recompute ``period`` with it."""
    rule_set = version.rule_set
    _require_manager(user, rule_set)
    _activate(user, rule_set, version)
    return recompute(user, rule_set, period.start, period.end)


def rescore_units(unit_ids: Collection[int], days: Collection[datetime.date]) -> int:
    """Rebuild the periods containing ``days`` for these units in every rule set that assesses them: only
    those units' lines of those periods (other units and periods are untouched), each period once.
    Called by the ``tasks.score_event`` task after the event's transaction committed; returns the lines
    written."""
    if not days:
        return 0
    written = 0
    overlapping = (
        RuleSet.objects.filter(deleted_at__isnull=True, active_version__isnull=False, valid_from__lte=max(days))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=min(days)))
        .select_related("active_version", "hub", "channel")
        .order_by("id")
    )
    for rule_set in overlapping:
        if rule_set.active_version is None:  # never: filtered on active_version__isnull=False above
            continue
        spec = rule_set.active_version.spec
        touched = set(unit_ids)
        # A rolled-up unit's event rescores the unit it rolls up to; a hub's own writers rescore the hub.
        touched |= {target for src, (target, _name) in queries.roll_up(rule_set, spec).items() if src in touched}
        infos = queries.assessed_units(rule_set, spec, only=touched)
        mine = {u.unit_id for u in infos}
        attached = spec.get("writers", {}).get("attached") and rule_set.hub_id in touched
        if not (mine or attached):
            continue
        valid = [d for d in days if rule_set.valid_from <= d and (rule_set.valid_to is None or d <= rule_set.valid_to)]
        for period in sorted({periods.containing(spec["period"], d) for d in valid}, key=lambda p: p.start):
            written += _rebuild(rule_set, period, mine, infos)
    return written
