"""Reads for scoring: rule sets a user may see, assessed units, rankings, a unit's ledger, top items."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from xinbao.orgs import duties
from xinbao.orgs.models import AssessmentClass, Unit, UnitChannel, User
from xinbao.orgs.queries import member_units, subtree
from xinbao.orgs.roles import HUB_STAFF, Role
from xinbao.publications.queries import periodical_labels

from .engine import UnitInfo, WriterInfo, pass_mark
from .models import RuleSet, RuleSetVersion, ScoreEntry
from .periods import Period
from .rules import Context
from .sources import fact_kinds

# --- Permissions (one function per duty) --------------------------------------------------------


def can_manage(user: User | None, rule_set: RuleSet) -> bool:
    """Hub staff of the rule set's hub (None = the system) edit rules, recompute and publish notices."""
    return user is None or (user.has_role(*HUB_STAFF) and user.unit_id == rule_set.hub_id)


def can_view_rankings(user: User | None, rule_set: RuleSet) -> bool:
    """Rankings are read by the hub, its leaders, and the units it assesses (they are published anyway)."""
    return user is None or visible_rule_sets(user).filter(pk=rule_set.pk).exists()


def can_view_unit(user: User | None, rule_set: RuleSet, unit: Unit) -> bool:
    """A unit's ledger: its own people, and the hub's staff and leaders."""
    if user is None or can_manage(user, rule_set):
        return True
    if user.unit_id == rule_set.hub_id and user.has_role(Role.LEADER):
        return True
    return user.unit_id == unit.pk


def can_view_writer(user: User | None, rule_set: RuleSet, person: User) -> bool:
    """A writer's own ledger: the writer, and the hub's staff and leaders."""
    if user is None or can_manage(user, rule_set):
        return True
    if user.unit_id == rule_set.hub_id and user.has_role(Role.LEADER):
        return True
    return bool(user.pk == person.pk and duties.is_business_user(user))


# --- Rule sets ----------------------------------------------------------------------------------


def visible_rule_sets(user: User | None) -> QuerySet[RuleSet]:
    sets = RuleSet.objects.filter(deleted_at__isnull=True).select_related("hub", "channel", "active_version")
    if user is None:
        return sets
    # 三员分立: admin accounts read no rankings or ledgers (nor does an account without a unit).
    if not duties.is_business_user(user) or user.unit is None:
        return sets.none()
    # The hub's own rule sets, those of the hubs the unit reports to, and of hubs of its regions.
    ancestors = user.unit.ancestor_ids
    reports_to = UnitChannel.objects.filter(unit_id=user.unit.pk, hub__isnull=False).values("hub_id")
    return sets.filter(
        Q(hub_id=user.unit.pk) | Q(hub_id__in=reports_to) | Q(hub_id__in=ancestors) | Q(hub__parent_id__in=ancestors)
    )


def active_rule_sets(day: datetime.date) -> QuerySet[RuleSet]:
    return (
        RuleSet.objects.filter(deleted_at__isnull=True, active_version__isnull=False, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("active_version", "hub", "channel")
    )


def versions(rule_set: RuleSet) -> QuerySet[RuleSetVersion]:
    return rule_set.versions.select_related("created_by").order_by("-number")


def rule_context(rule_set: RuleSet | None = None) -> Context:
    """What a rule document may name: existing assessment classes, periodicals, fact kinds."""
    from .bodies import attribute_names, name_map

    return Context(
        classes=set(AssessmentClass.objects.values_list("name", flat=True)),
        periodicals=periodical_labels(),
        fact_kinds=set(fact_kinds()),
        bodies=name_map(),
        writer_attributes=attribute_names(),
    )


def _assessed(rule_set: RuleSet, spec: dict[str, Any]) -> QuerySet[Unit]:
    scope = spec.get("units", {})
    if scope.get("scope") == "subtree":
        units = subtree(rule_set.hub, include_self=False)
    elif scope.get("scope") == "region" and rule_set.hub.parent is not None:
        units = subtree(rule_set.hub.parent, include_self=False).exclude(pk=rule_set.hub_id)
    else:
        units = member_units(rule_set.hub, rule_set.channel)
    if scope.get("kinds"):
        units = units.filter(kind__in=scope["kinds"])
    if scope.get("classes"):
        units = units.filter(assessment_class__name__in=scope["classes"])
    if scope.get("codes"):
        units = units.filter(code__in=scope["codes"])
    if scope.get("exclude_codes"):
        units = units.exclude(code__in=scope["exclude_codes"])
    rolled = roll_up(rule_set, spec)
    if rolled:
        units = units.exclude(pk__in=list(rolled))
    return units.order_by("path")


def roll_up(rule_set: RuleSet, spec: dict[str, Any]) -> dict[int, tuple[int, str]]:
    """``units.roll_up``: units whose points are credited to another unit (their parent, or the unit
    with the given code) → (that unit, their own name). They are not ranked themselves."""
    entries = spec.get("units", {}).get("roll_up", [])
    if not entries:
        return {}
    scope = {**spec, "units": {k: v for k, v in spec.get("units", {}).items() if k != "roll_up"}}
    candidates = _assessed(rule_set, scope)
    codes = {e["to"] for e in entries if e["to"] != "parent"}
    by_code = dict(Unit.objects.filter(code__in=codes).values_list("code", "id"))
    result: dict[int, tuple[int, str]] = {}
    for entry in entries:
        chosen = candidates
        if entry.get("kinds"):
            chosen = chosen.filter(kind__in=entry["kinds"])
        if entry.get("codes"):
            chosen = chosen.filter(code__in=entry["codes"])
        if not entry.get("kinds") and not entry.get("codes"):
            continue
        for pk, parent_id, name in chosen.values_list("id", "parent_id", "name"):
            target = parent_id if entry["to"] == "parent" else by_code.get(entry["to"])
            if target is not None and pk not in result:
                result[pk] = (target, name)
    return result


def assessed_units(rule_set: RuleSet, spec: dict[str, Any], only: Collection[int] | None = None) -> list[UnitInfo]:
    """The units a rule set assesses (those of ``only`` among them: a live rescore reads one unit, not the
    city), in tree order, with their class name (the rule set's own ``units.class_of`` first: a township may
    be 一类 for one hub and 二类 for another)."""
    units = _assessed(rule_set, spec)
    if only is not None:
        units = units.filter(pk__in=list(only))
    rows = units.values_list("id", "assessment_class__name", "kind", "code")
    return [UnitInfo(pk, class_here(spec, kind, code, name)) for pk, name, kind, code in rows]


def class_here(spec: dict[str, Any], kind: str, code: str, default: str | None) -> str | None:
    """The unit's class for this rule set: the first ``class_of`` entry naming its code or kind."""
    for name, where in spec.get("units", {}).get("class_of", {}).items():
        if code in where.get("codes", ()) or kind in where.get("kinds", ()):
            return name
    return default


def assessed_writers(rule_set: RuleSet, spec: dict[str, Any], unit_ids: set[int]) -> list[WriterInfo]:
    """People assessed as writers (``writers`` in the rule set): those of the assessed units holding one
    of its roles and, with ``attached``, those writing for the hub itself (政协委员, 特邀信息员)."""
    section = spec.get("writers")
    if not section:
        return []
    from xinbao.orgs.models import User

    classes = dict(Unit.objects.filter(pk__in=unit_ids).values_list("id", "assessment_class__name"))
    units = set(unit_ids) | ({rule_set.hub_id} if section.get("attached") else set())
    people = (
        User.objects.filter(unit_id__in=units, deleted_at__isnull=True, roles__role__in=section["roles"])
        .distinct()
        .order_by("unit_id", "id")
        .values_list("id", "unit_id")
    )
    return [
        WriterInfo(pk, unit_id, classes.get(unit_id), attached=unit_id == rule_set.hub_id) for pk, unit_id in people
    ]


# --- Rankings -----------------------------------------------------------------------------------


@dataclass
class RankRow:
    rank: int
    unit_id: int
    name: str
    class_name: str
    total: Decimal
    entries: int
    below_pass: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Ranks for totals sorted high to low; equal totals share a rank (1, 1, 3)."""
    ranks: list[int] = []
    for i, total in enumerate(totals):
        ranks.append(ranks[-1] if i and total == totals[i - 1] else i + 1)
    return ranks


def _entries_in(
    rule_set: RuleSet, start: datetime.date, end: datetime.date, *, writers: bool = False
) -> QuerySet[ScoreEntry]:
    """Ledger lines in [start, end]: the units' lines, or with ``writers`` also writers' own lines."""
    entries = ScoreEntry.objects.filter(rule_set=rule_set, on__gte=start, on__lte=end)
    return entries if writers else entries.filter(writer_only=False)


def unit_ranking(
    rule_set: RuleSet,
    start: datetime.date,
    end: datetime.date,
    *,
    class_name: str | None = None,
    keys: list[str] | None = None,
) -> list[RankRow]:
    """Every assessed unit's total over [start, end] (units with no entries count as 0), ranked.

    Two queries whatever the number of units: the assessed units, and one GROUP BY over the ledger
    (plus a third only for units no longer assessed that still have entries in the range)."""
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    units = {
        pk: (name, class_here(spec, kind, code, cls) or "")
        for pk, name, cls, kind, code in _assessed(rule_set, spec).values_list(
            "id", "name", "assessment_class__name", "kind", "code"
        )
    }
    entries = _entries_in(rule_set, start, end)
    if keys is not None:  # a sub-ranking over some rule keys (e.g. adoption points only)
        entries = entries.filter(rule_key__in=keys)
    sums = {
        unit_id: (total, n)
        for unit_id, total, n in entries.values("unit_id")
        .annotate(total=Sum("points"), n=Count("*"))
        .values_list("unit_id", "total", "n")
    }
    gone = [u for u in sums if u not in units]
    if gone:
        units.update({pk: (name, "") for pk, name in Unit.objects.filter(pk__in=gone).values_list("id", "name")})
    flag_keys = [rule["key"] for rule in spec.get("disqualify_if", [])]
    disqualified = (
        set(_entries_in(rule_set, start, end).filter(rule_key__in=flag_keys).values_list("unit_id", flat=True))
        if flag_keys
        else set()
    )
    zero = (Decimal(0), 0)
    rows = []
    for unit_id, (name, cls) in units.items():
        if class_name is not None and cls != class_name:
            continue
        total, n = sums.get(unit_id, zero)
        total = Decimal(total or 0)
        mark = pass_mark(spec, cls)
        row = RankRow(0, unit_id, name, cls, total, n, mark is not None and total < mark)
        row.extra["disqualified"] = unit_id in disqualified
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, r.name, r.unit_id))
    for row, rank in zip(rows, competition_ranks([r.total for r in rows]), strict=True):
        row.rank = rank
    return rows


def with_rates(rows: list[RankRow], start: datetime.date, end: datetime.date) -> None:
    """Adds each unit's submitted and adopted counts and adoption rate (``extra``): rates as results,
    shown and sortable in the ranking, not only as a penalty below a threshold. Two queries."""
    from xinbao.items.queries import adoptions_between, submitted_items_between

    ids = [r.unit_id for r in rows]
    submitted = dict(
        submitted_items_between(start, end)
        .filter(unit_id__in=ids)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    adopted = dict(
        adoptions_between(start, end)
        .filter(credits__unit_id__in=ids)
        .order_by()
        .values("credits__unit_id")
        .annotate(n=Count("credits__source_item_id", distinct=True))
        .values_list("credits__unit_id", "n")
    )
    for row in rows:
        s, a = submitted.get(row.unit_id, 0), adopted.get(row.unit_id, 0)
        row.extra["submitted"], row.extra["adopted"] = s, a
        row.extra["rate"] = min(Decimal(a) / Decimal(s), Decimal(1)) * 100 if s else Decimal(0)


def rankings_by_class(
    rule_set: RuleSet,
    start: datetime.date,
    end: datetime.date,
    *,
    keys: list[str] | None = None,
    order: str = "total",
) -> dict[str, list[RankRow]]:
    """One ranking per assessment class (the class of no name is ""), by total or, with ``order="rate"``,
    by adoption rate; ``keys`` ranks over those rule keys only (the rule set's ``rankings``)."""
    rows = unit_ranking(rule_set, start, end, keys=keys)
    with_rates(rows, start, end)
    if order == "rate":
        rows.sort(key=lambda r: (-r.extra["rate"], -r.total, r.name, r.unit_id))
    groups: dict[str, list[RankRow]] = {}
    for row in rows:
        groups.setdefault(row.class_name, []).append(row)
    for group in groups.values():
        measure = [r.extra["rate"] if order == "rate" else r.total for r in group]
        for row, rank in zip(group, competition_ranks(measure), strict=True):
            row.rank = rank
    return dict(sorted(groups.items()))


@dataclass
class WriterRow:
    rank: int
    person_id: int
    name: str
    unit_name: str
    total: Decimal
    submitted: int = 0
    adopted: int = 0
    awards: list[str] = field(default_factory=list)


def writer_ranking(
    rule_set: RuleSet, start: datetime.date, end: datetime.date, *, role: str = "", attribute: str = ""
) -> list[WriterRow]:
    """Writers by points credited to them (their units' lines naming them, and their own lines:
    per-writer quotas, items of writers attached to the hub); award eligibility (e.g. 优秀信息员) from the
    rule set. ``role`` / ``attribute`` keep only writers holding that role or attribute (全国政协委员 …)."""
    from xinbao.items.queries import adoptions_between, submitted_items_between

    spec = rule_set.active_version.spec if rule_set.active_version else {}
    entries = _entries_in(rule_set, start, end, writers=True).filter(person__isnull=False)
    if role:
        entries = entries.filter(person__roles__role=role)
    if attribute:
        entries = entries.filter(person__scoring_attributes__name=attribute)
    rows = entries.values("person_id", "person__display_name", "person__username", "person__unit__name").annotate(
        total=Sum("points")
    )
    people = [r["person_id"] for r in rows]
    submitted = dict(
        submitted_items_between(start, end)
        .filter(author_id__in=people)
        .order_by()
        .values("author_id")
        .annotate(n=Count("id"))
        .values_list("author_id", "n")
    )
    adopted = dict(
        adoptions_between(start, end)
        .filter(credits__person_id__in=people)
        .order_by()
        .values("credits__person_id")
        .annotate(n=Count("item_id", distinct=True))
        .values_list("credits__person_id", "n")
    )
    result = []
    for r in rows:
        pid = r["person_id"]
        s, a = submitted.get(pid, 0), adopted.get(pid, 0)
        awards = [
            aw["name"]
            for aw in spec.get("awards", [])
            if s >= aw.get("submitted_at_least", 0) and a >= aw.get("adopted_at_least", 0)
        ]
        name = r["person__display_name"] or r["person__username"]
        result.append(WriterRow(0, pid, name, r["person__unit__name"] or "", Decimal(r["total"]), s, a, awards))
    result.sort(key=lambda w: (-w.total, w.name, w.person_id))
    for row, rank in zip(result, competition_ranks([w.total for w in result]), strict=True):
        row.rank = rank
    return result


def _named(item_ids: list[int]) -> dict[int, tuple[str, str]]:
    """{item id: (its one title, its unit's name)}: the title as printed, else as adopted, else the hub's
    (``items.titles``); raw — the page passes it through the read policy."""
    from xinbao.items.queries import titles_and_units
    from xinbao.items.titles import titles_of

    labels = titles_and_units(item_ids)
    titles = titles_of(labels)
    return {pk: (titles.get(pk, title), unit) for pk, (title, unit) in labels.items()}


def top_items(rule_set: RuleSet, start: datetime.date, end: datetime.date, limit: int = 10) -> list[dict[str, Any]]:
    """十佳信息 candidates: items with the most points over the period (all units credited)."""
    rows = list(
        _entries_in(rule_set, start, end, writers=True)
        .filter(item_id__isnull=False)
        .values("item_id")
        .annotate(total=Sum("points"))
        .order_by("-total", "item_id")[:limit]
    )
    labels = _named([r["item_id"] for r in rows])
    return [
        {
            "item_id": r["item_id"],
            "title": labels.get(r["item_id"], ("", ""))[0],
            "unit": labels.get(r["item_id"], ("", ""))[1],
            "total": r["total"],
        }
        for r in rows
    ]


# --- A unit's ledger ----------------------------------------------------------------------------


def unit_entries(
    rule_set: RuleSet, unit: Unit, start: datetime.date, end: datetime.date, *, rule_key: str = ""
) -> QuerySet[ScoreEntry]:
    entries = _entries_in(rule_set, start, end).filter(unit=unit).select_related("person")
    if rule_key:
        entries = entries.filter(rule_key=rule_key)
    return entries.order_by("period_start", "seq", "id")


def writer_entries(rule_set: RuleSet, person: User, start: datetime.date, end: datetime.date) -> QuerySet[ScoreEntry]:
    """A writer's lines: those of their unit naming them, and their own (quotas, attached writers)."""
    entries = _entries_in(rule_set, start, end, writers=True).filter(person=person)
    return entries.order_by("on", "unit_id", "seq", "id")


def unit_summary(rule_set: RuleSet, unit: Unit, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Totals per rule key: the one-table answer to "why is our score X?"."""
    return list(
        _entries_in(rule_set, start, end)
        .filter(unit=unit)
        .values("rule_key")
        .annotate(total=Sum("points"), n=Count("*"))
        .order_by("rule_key")
    )


RANK_CACHE_SECONDS = 300  # a unit's class or name changed without a rescore shows within five minutes


def unit_rank(rule_set: RuleSet, unit: Unit, period: Period) -> tuple[RankRow | None, int]:
    """The unit's row of the period's ranking and how many are ranked. The ranking is cached per ledger
    version: computing it reads the whole ledger of the period (hundreds of milliseconds at 2,000 units),
    and the ledger page and home panel of every unit ask for it between two changes."""
    key = (
        f"scoring:rank:{rule_set.pk}:{rule_set.active_version_id}:{rule_set.ledger_version}:"
        f"{period.start:%Y%m%d}:{period.end:%Y%m%d}"
    )
    places: dict[int, RankRow] | None = cache.get(key)
    if places is None:
        places = {row.unit_id: row for row in unit_ranking(rule_set, period.start, period.end)}
        cache.set(key, places, RANK_CACHE_SECONDS)
    row = places.get(unit.pk)
    return (copy.copy(row) if row is not None else None), len(places)


def source_url(entry: ScoreEntry) -> str | None:
    """Where an entry's source lives (item page for adoptions, instructions and submissions)."""
    if entry.item_id:
        return f"/items/{entry.item_id}/"
    return None


# --- Item awards (优秀信息 by criteria) -------------------------------------------------------------


@dataclass
class ItemAward:
    name: str
    item_id: int
    title: str
    unit: str
    reasons: list[str] = field(default_factory=list)


def item_awards(rule_set: RuleSet, start: datetime.date, end: datetime.date) -> list[ItemAward]:
    """Items meeting an ``item_awards`` criterion in [start, end]: adopted by a listed body (any of its
    names), at a listed level or in a listed publication, or instructed by a leader of a listed level.
    Only items credited to the units (or writers) the rule set assesses. Titles are raw: the view
    passes them through the read policy."""
    from xinbao.instructions.queries import instructions_between
    from xinbao.items.queries import adoptions_between

    from .bodies import name_map

    spec = rule_set.active_version.spec if rule_set.active_version else {}
    awards = spec.get("item_awards", [])
    if not awards:
        return []
    names = name_map()
    assessed = {u.unit_id for u in assessed_units(rule_set, spec)} | {rule_set.hub_id} | set(roll_up(rule_set, spec))
    adoptions = list(
        adoptions_between(start, end)
        .filter(credits__unit_id__in=assessed)
        .distinct()
        .values_list("item_id", "adopter_name", "level", "publication")
    )
    instructions = list(
        instructions_between(start, end)
        .filter(item__unit_id__in=assessed)
        .values_list("item_id", "leader_level", "leader_name")
    )
    found: dict[tuple[str, int], list[str]] = {}
    for award in awards:
        for item_id, adopter, level, publication in adoptions:
            body = names.get(adopter, adopter)
            if (
                body in award.get("adopters", ())
                or level in award.get("levels", ())
                or publication in award.get("publications", ())
            ):
                found.setdefault((award["name"], item_id), []).append(f"{adopter}{publication}采用")
        for item_id, leader_level, leader_name in instructions:
            if leader_level in award.get("instruction_levels", ()):
                found.setdefault((award["name"], item_id), []).append(f"{leader_name}批示")
    labels = _named(sorted({item_id for _name, item_id in found}))
    result = [
        ItemAward(name, item_id, *labels.get(item_id, ("", "")), reasons=sorted(set(reasons)))
        for (name, item_id), reasons in found.items()
        if item_id in labels
    ]
    return sorted(result, key=lambda a: (a.name, a.item_id))
