"""Where scoring facts come from: a registry of sources, so new apps plug in without editing the engine.

A source is a function ``(unit_ids, start, end) -> Iterable[ScoringFact]`` registered under a name
with the fact kinds it produces. Built in here: adoptions (``adoption``), instructions on items
(``instruction``) and submitted items (``submission``). The urgent, commissions and error-report apps
register theirs in their ``AppConfig.ready`` with ``register_source``; until they do, their fact kinds
are known (rule sets may use them) and simply produce nothing:

- ``urgent.late`` 迟报, ``urgent.missed`` 漏报, ``urgent.concealed`` 瞒报, ``urgent.wrong`` 误报
- ``commission.completed`` 按要求完成约稿, ``commission.missed`` 未完成约稿
- ``error.reported`` 上级通报的严重差错或不规范表述
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinbao.core.idlists import IdList
from xinbao.core.plainrows import day, plain_rows

from .bodies import name_map

# Fact kinds other apps will produce (labels shown in explanations and docs).
PLANNED_FACT_KINDS: dict[str, Any] = {
    "urgent.late": _("紧急信息迟报"),
    "urgent.missed": _("紧急信息漏报"),
    "urgent.concealed": _("紧急信息瞒报"),
    "urgent.wrong": _("紧急信息误报"),
    "commission.completed": _("按要求完成约稿"),
    "commission.missed": _("未完成约稿"),
    "error.reported": _("上级通报严重差错或不规范表述"),
    "item.referred": _("原稿转送/交办有关部门办理"),
}
BUILT_IN_FACT_KINDS: dict[str, Any] = {
    "adoption": _("信息被采用"),
    "instruction": _("信息获领导批示"),
    "submission": _("报送信息"),
    "item.forwarded": _("信息被转报（上报）"),
}


@dataclass(slots=True)
class ScoringFact:
    """One thing that happened to a unit (and maybe a writer) on a day, with what rules match on.

    (Slots, not frozen: a year of a large city is millions of facts, and frozen dataclasses are
    several times slower to build.)"""

    kind: str
    unit_id: int
    on: datetime.date
    source_type: str
    source_id: int
    person_id: int | None = None
    item_id: int | None = None
    title: str = ""
    # How many items the fact stands for: 1, except a counted submission fact (``Counting``), which stands
    # for every item of its group and names none (``item_id`` None).
    weight: int = 1
    # What rules match on: level, publication, adopter, category, kind, forwarded, as_research, external,
    # leader_level, leader_post, issue_label, joint_units (units sharing one source item's credit).
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


Source = Callable[[Collection[int], datetime.date, datetime.date], Iterable[ScoringFact]]


@dataclass(frozen=True)
class Counting:
    """How a rule set that never looks at submissions one by one counts them: a year holds a million, so
    a recompute counts them in SQL, one fact per unit (and writer, and category or type where a quota
    asks) and segment, weighing as many items as it stands for. The segments are the parts of the period
    between the starts of every sub-period a quota counts in, so each sub-period is a union of segments."""

    starts: tuple[datetime.date, ...]
    end: datetime.date
    by: tuple[str, ...] = ()  # item fields quotas split the count by ("category", "item_type")
    by_author: bool = False
    adopted: bool = False  # "never adopted" is counted

    def segments(self) -> list[tuple[datetime.date, datetime.date]]:
        ends = [start - datetime.timedelta(days=1) for start in self.starts[1:]] + [self.end]
        return list(zip(self.starts, ends, strict=True))


# Quota counts that read submissions.
_SUBMISSION_COUNTS = ("submitted", "never_adopted")


def counting_for(spec: Mapping[str, Any], start: datetime.date, end: datetime.date) -> Counting | None:
    """How ``spec`` may count submissions in SQL, or None when some rule needs them one by one (an event
    on a submission prints its title; "never adopted, except items with other facts" needs the items)."""
    from .periods import between

    if any(rule["fact"] == "submission" for rule in spec.get("events", [])):
        return None
    quotas = [*spec.get("quotas", []), *spec.get("writers", {}).get("quotas", [])]
    counted = [q for q in quotas if q.get("count") in _SUBMISSION_COUNTS]
    if any(q.get("exclude_facts") for q in counted):
        return None
    starts = {start}
    for quota in counted:
        starts |= {max(part.start, start) for part in between(quota["per"], start, end)} if quota.get("per") else set()
    by = tuple(
        name
        for name, key in (("category", "categories"), ("item_type", "item_types"))
        if any(key in q for q in counted)
    )
    return Counting(
        starts=tuple(sorted(starts)),
        end=end,
        by=by,
        by_author=bool(spec.get("writers", {}).get("quotas")),
        adopted=any(q.get("count") == "never_adopted" for q in counted),
    )


@dataclass
class _Registered:
    fn: Source
    kinds: tuple[str, ...]
    # Counts instead of facts one by one (only the submissions source has them).
    counted: Callable[[Collection[int], Counting], Iterable[ScoringFact]] | None = None


_sources: dict[str, _Registered] = {}
_labels: dict[str, Any] = {**BUILT_IN_FACT_KINDS, **PLANNED_FACT_KINDS}


def register_source(
    name: str,
    fn: Source,
    kinds: dict[str, Any],
    counted: Callable[[Collection[int], Counting], Iterable[ScoringFact]] | None = None,
) -> None:
    """Register (or replace) a source; ``kinds`` maps each fact kind it yields to its Chinese label;
    ``counted`` gives the same facts counted (``Counting``)."""
    _sources[name] = _Registered(fn, tuple(kinds), counted)
    _labels.update(kinds)


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def registered_kinds() -> set[str]:
    """Fact kinds some registered source produces (the others are planned, not yet plugged in)."""
    return {kind for reg in _sources.values() for kind in reg.kinds}


def fact_kinds() -> dict[str, Any]:
    return dict(_labels)


def collect(
    unit_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    *,
    named: Collection[str] | None = None,
    writers: bool = True,
    counting: Counting | None = None,
    kinds: Collection[str] | None = None,
) -> list[ScoringFact]:
    """Every fact for ``unit_ids`` dated in [start, end], in a stable order, with the writer's roles
    and attributes (``writer_roles``, ``writer_attributes``) for rules that match on them (unless
    ``writers`` is false: a rule set that never looks at writers). Facts of the ``named`` kinds (default:
    all) name their item by its one title; a recompute names only the kinds its ledger lines print (a year
    holds a million submissions whose titles no line shows). With ``counting``, sources that can count
    (submissions) give counted facts instead of one per item. With ``kinds``, only the sources giving one of
    them are read (``used_kinds``: a rule set without 约稿 or 紧急信息 rules reads neither)."""
    facts: list[ScoringFact] = []
    for name in sorted(_sources):
        reg = _sources[name]
        if kinds is not None and reg.kinds and not set(reg.kinds) & set(kinds):
            continue  # (a source that declares no kinds may give any: always read)
        if counting is not None and reg.counted is not None:
            facts.extend(reg.counted(unit_ids, counting))
        else:
            facts.extend(reg.fn(unit_ids, start, end))
    facts.sort(key=lambda f: (f.on, f.kind, f.source_type, f.source_id, f.unit_id, f.person_id or 0))
    if writers:
        _add_writers(facts)
    _name_items(facts if named is None else [f for f in facts if f.kind in named])
    return facts


WRITER_KEYS = frozenset({"writers", "writer_roles", "writer_attributes"})


def uses_writers(spec: Any) -> bool:
    """Whether a rule set assesses writers or matches on their roles or attributes anywhere."""
    if isinstance(spec, dict):
        return any(key in WRITER_KEYS or uses_writers(value) for key, value in spec.items())
    if isinstance(spec, list):
        return any(uses_writers(value) for value in spec)
    return False


def used_kinds(spec: Mapping[str, Any]) -> set[str]:
    """The fact kinds a rule set's engine looks at (``engine.Engine``): adoptions and 批示 where it scores
    them, submissions and adoptions for its quotas and rates, and the facts its events, exclusions,
    ``zero_if`` and ``disqualify_if`` name. A source none of whose kinds is used is not read."""
    kinds = {rule["fact"] for key in ("events", "zero_if", "disqualify_if") for rule in spec.get(key, [])}
    if spec.get("adoptions"):
        kinds.add("adoption")
    if spec.get("instructions"):
        kinds.add("instruction")
    if spec.get("rates"):
        kinds |= {"submission", "adoption"}
    for quota in [*spec.get("quotas", []), *spec.get("writers", {}).get("quotas", [])]:
        if quota.get("count") in _SUBMISSION_COUNTS:
            kinds.add("submission")
        elif quota.get("count") in ("adopted", "adoptions"):
            kinds.add("adoption")
        kinds |= set(quota.get("exclude_facts", []))
    return kinds


def printed_kinds(spec: Mapping[str, Any]) -> set[str]:
    """The fact kinds whose titles a rule set's ledger lines print: adoptions and 批示 where it scores
    them, and the facts its ``events`` name."""
    kinds = {rule["fact"] for rule in spec.get("events", [])}
    if spec.get("adoptions"):
        kinds.add("adoption")
    if spec.get("instructions"):
        kinds.add("instruction")
    return kinds


def _name_items(facts: list[ScoringFact]) -> None:
    """Every fact names its item by the item's one title (as printed, else as adopted, else the hub's:
    ``items.titles``), labelled when sensitive: ledger lines and notices are read by many."""
    from xinbao.items.policy import public_titles_of

    ids = {f.item_id for f in facts if f.item_id is not None}
    if not ids:
        return
    titles = public_titles_of(ids)
    for fact in facts:
        if fact.item_id is not None and fact.item_id in titles:
            fact.title = titles[fact.item_id]


def _add_writers(facts: list[ScoringFact]) -> None:
    from xinbao.orgs.models import UserRole

    from .bodies import attributes_of

    people = {f.person_id for f in facts if f.person_id is not None}
    if not people:
        return
    roles: dict[int, list[str]] = defaultdict(list)
    for person_id, role in UserRole.objects.filter(user_id__in=people).order_by("role").values_list("user_id", "role"):
        roles[person_id].append(role)
    attributes = attributes_of(people)
    # Tuples, shared per person: the engine memoises rules on the attributes, and a tuple is hashable.
    their_roles = {person: tuple(roles.get(person, ())) for person in people}
    their_attributes = {person: tuple(attributes.get(person, ())) for person in people}
    for fact in facts:
        if fact.person_id is not None:  # a new dict: sources may share one between facts
            fact.attrs = {
                **fact.attrs,
                "writer_roles": their_roles[fact.person_id],
                "writer_attributes": their_attributes[fact.person_id],
            }


# --- Built-in sources ---------------------------------------------------------------------------


_ADOPTION_COLUMNS = (
    "id",
    "adopted_text",  # adopted_on (as ISO text on SQLite: see adoption_facts)
    "item_id",
    "level",
    "publication",
    "adopter_name",
    "issue_label",
    "kind",
    "forwarded",
    "as_research",
    "external",
    "direct",
    "adopter_score",
    "periodical_id",
    "issue__series",
    "credits__unit_id",
    "credits__person_id",
    "credits__source_item_id",
    "credits__source_item__category",
    "credits__source_item__item_type",
)
_ID, _ON, _ITEM, _UNIT, _PERSON, _SOURCE, _CATEGORY, _ITEM_TYPE = (
    _ADOPTION_COLUMNS.index(name)
    for name in (
        "id",
        "adopted_text",
        "item_id",
        "credits__unit_id",
        "credits__person_id",
        "credits__source_item_id",
        "credits__source_item__category",
        "credits__source_item__item_type",
    )
)
# The adoption's own attributes, level to series: one slice of the row.
_OWN = slice(_ADOPTION_COLUMNS.index("level"), _ADOPTION_COLUMNS.index("issue__series") + 1)
# Below this many units the unit filter goes into SQL; above it, it is cheaper to filter here.
_SQL_FILTER_LIMIT = 500


def adoption_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterable[ScoringFact]:
    """One fact per credited unit of each live adoption (a combined item credits every source unit).

    Read as plain rows in one query (a year of a large city is ~10^6 rows), without titles: ``collect``
    names the facts whose lines print one."""
    from xinbao.instructions.queries import instructions_between
    from xinbao.items.queries import adoptions_between

    wanted = set(unit_ids)
    adoptions = adoptions_between(start, end)
    if len(wanted) <= _SQL_FILTER_LIMIT:
        adoptions = adoptions.filter(pk__in=adoptions.filter(credits__unit_id__in=wanted).values("pk"))
    # Unordered (``collect`` sorts every fact; sorting 10^6 joined rows in SQL costs a second), converted
    # below once per distinct value.
    # SQLite's driver parses each date in Python (0.5 s a year): read as text there, parsed once per day.
    as_text = Cast("adopted_on", TextField()) if connection.vendor == "sqlite" else F("adopted_on")
    rows = plain_rows(adoptions.order_by().annotate(adopted_text=as_text).values_list(*_ADOPTION_COLUMNS))
    canonical = name_map()  # 中办 and 中共中央办公厅 are one body for the rules
    # An item "has a 批示" whenever it was given (a fee doubled by a later 批示 is rescored then). For a few
    # units only their items' 批示 are read (the live task), not every 批示 of the city.
    instructions = instructions_between(datetime.date.min, datetime.date.max).filter(item__isnull=False)
    if len(wanted) <= _SQL_FILTER_LIMIT:  # ``adoptions`` is already these units' (a subquery, no id list)
        mine = Q(item_id__in=adoptions.values("item_id")) | Q(item_id__in=adoptions.values("credits__source_item_id"))
        instructions = instructions.filter(mine)
    instructed = set(instructions.values_list("item_id", flat=True))
    sharing: dict[tuple[int, int], set[int]] = defaultdict(set)
    for row in rows:
        sharing[(row[_ID], row[_SOURCE])].add(row[_UNIT])
    # Facts with the same attributes share one dict (a year's ~10^6 adoptions have a few hundred kinds):
    # cheaper to build, and the engine matches rules once per dict. Never mutated (``_add_writers`` copies).
    # The key: the adoption's own columns as one slice of the row, then the source item's and the counts.
    shared: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        unit_id = row[_UNIT]
        if unit_id not in wanted:
            continue
        item_id, source_item_id = row[_ITEM], row[_SOURCE]
        instructed_item = item_id in instructed or source_item_id in instructed
        joint = len(sharing[(row[_ID], source_item_id)])
        key = (row[_OWN], row[_CATEGORY], row[_ITEM_TYPE], instructed_item, joint)
        attrs = shared.get(key)
        if attrs is None:
            attrs = shared[key] = _adoption_attrs(row, canonical, instructed_item, joint)
        yield ScoringFact(
            kind="adoption",
            unit_id=unit_id,
            person_id=row[_PERSON],
            on=day(row[_ON]),
            source_type="items.adoption",
            source_id=row[_ID],
            item_id=item_id,
            attrs=attrs,
        )


def _adoption_attrs(row: tuple[Any, ...], canonical: Mapping[str, str], instructed: bool, joint: int) -> dict[str, Any]:
    """What rules match an adoption on, from its plain row (booleans and the score converted here)."""
    (level, publication, adopter_name, issue_label, kind, forwarded, as_research, external, direct, score) = row[_OWN][
        :10
    ]
    return {
        "level": level,
        "publication": publication,
        "adopter": canonical.get(adopter_name, adopter_name),
        "issue_label": issue_label,
        "category": row[_CATEGORY],
        "item_type": row[_ITEM_TYPE],
        "kind": kind,
        "forwarded": bool(forwarded),
        "as_research": bool(as_research),
        "external": bool(external),
        "direct": bool(direct),
        "periodical_id": row[_OWN][10],
        "series": row[_OWN][11],
        "has_instruction": instructed,
        "joint_units": joint,
        **({"adopter_score": Decimal(str(score))} if score is not None else {}),
    }


def instruction_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterable[ScoringFact]:
    """One fact per unit credited for the instructed item (its unit and co-submitting units)."""
    from xinbao.instructions.queries import instructions_between
    from xinbao.items.queries import adoptions_between

    wanted = set(unit_ids)
    given = instructions_between(start, end).filter(item__isnull=False, confirmed_at__isnull=False)
    if len(wanted) <= _SQL_FILTER_LIMIT:  # the live task: only the 批示 on these units' items
        mine = given.filter(Q(item__unit_id__in=wanted) | Q(item__co_units__in=wanted))
        given = given.filter(pk__in=mine.values("pk"))
    # On-behalf records count once confirmed.
    instructions = list(given.prefetch_related("item__co_units").order_by("instructed_on", "id"))
    # Where each instructed item was printed (rules may require "in our own publications").
    printed: dict[int, set[str]] = defaultdict(set)
    item_ids = [ins.item_id for ins in instructions if ins.item_id is not None]
    if item_ids:
        in_issues = adoptions_between(datetime.date.min, datetime.date.max).filter(
            item_id__in_ids=IdList(item_ids), external=False
        )
        for item_id, publication in in_issues.values_list("item_id", "publication"):
            printed[item_id].add(publication)
    for ins in instructions:
        item = ins.item
        if item is None:  # never: filtered on item__isnull=False above
            continue
        units = [item.unit_id, *sorted(u.pk for u in item.co_units.all() if u.pk != item.unit_id)]
        for unit_id in units:
            if unit_id not in wanted:
                continue
            yield ScoringFact(
                kind="instruction",
                unit_id=unit_id,
                person_id=item.author_id if unit_id == item.unit_id else None,
                on=ins.instructed_on,
                source_type="instructions.instruction",
                source_id=ins.pk,
                item_id=item.pk,
                title=item.title,
                attrs={
                    "leader_level": ins.leader_level,
                    "leader_post": ins.leader_post,
                    "leader_name": ins.leader_name,
                    "joint_units": len(units),
                    "publications": sorted(printed.get(item.pk, ())),
                    "item_type": item.item_type,
                },
            )


def _local_day() -> Callable[[datetime.datetime], datetime.date]:
    """``timezone.localdate`` memoised per quarter hour (UTC offsets are whole quarter hours):
    a year has a million submissions and only ~35,000 distinct quarter hours."""
    memo: dict[tuple[int, int, int, int, int], datetime.date] = {}

    def local_day(moment: datetime.datetime) -> datetime.date:
        key = (moment.year, moment.month, moment.day, moment.hour, moment.minute // 15)
        day = memo.get(key)
        if day is None:
            day = memo[key] = timezone.localdate(moment)
        return day

    return local_day


def _ever_adopted() -> QuerySet[Any]:
    """Live adoptions at any date: an item counts as adopted when one credits it as the source item (alone
    or inside a combined item) — the one definition both submission paths use."""
    from xinbao.items.queries import adoptions_between

    return adoptions_between(datetime.date.min, datetime.date.max).order_by()


def submission_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterable[ScoringFact]:
    """One fact per item a unit submitted (counted by quotas and the adoption rate, worth no points)."""
    from django.db.models import Exists, OuterRef, Value

    from xinbao.items.queries import submitted_items_between

    live_adoptions = _ever_adopted().filter(credits__source_item_id=OuterRef("pk"))

    wanted = set(unit_ids)
    items = submitted_items_between(start, end)
    adopted_ids: set[int] | None = None
    if len(wanted) <= _SQL_FILTER_LIMIT:  # a few units: an EXISTS per item is cheapest
        items = items.filter(unit_id__in=wanted).annotate(ever_adopted=Exists(live_adoptions))
    else:  # a whole city's year: one read of every adopted source item beats a million EXISTS
        adopted_ids = set(_ever_adopted().values_list("credits__source_item_id", flat=True))
        items = items.annotate(ever_adopted=Value(False))
    # No titles: a year's million titles are rarely printed; ``collect`` names the facts whose lines show one.
    rows = items.order_by().values_list(
        "id", "unit_id", "author_id", "submitted_at", "category", "tone", "ever_adopted", "item_type"
    )
    local_day = _local_day()
    for pk, unit_id, author_id, submitted_at, category, tone, ever_adopted, item_type in rows:
        if unit_id not in wanted or submitted_at is None:  # never None: the rows are filtered on its range
            continue
        if adopted_ids is not None:
            ever_adopted = pk in adopted_ids
        yield ScoringFact(
            kind="submission",
            unit_id=unit_id,
            person_id=author_id,
            on=local_day(submitted_at),
            source_type="items.item",
            source_id=pk,
            item_id=pk,
            attrs={"category": category, "tone": tone, "adopted": ever_adopted, "item_type": item_type},
        )


def forwarding_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterable[ScoringFact]:
    """One fact per item a hub forwarded upward (转报/上报), credited to the item's unit and writer,
    whether or not the higher office adopts it."""
    from xinbao.items.queries import forwarded_between

    wanted = set(unit_ids)
    forwarded = forwarded_between(start, end)
    if len(wanted) <= _SQL_FILTER_LIMIT:
        forwarded = forwarded.filter(item__unit_id__in=wanted)
    rows = forwarded.values_list(
        "id",
        "forwarded_at",
        "item_id",
        "item__unit_id",
        "item__author_id",
        "item__title",
        "category",
        "hub__name",
        "item__item_type",
    )
    local_day = _local_day()
    for pk, forwarded_at, item_id, unit_id, author_id, title, category, hub_name, item_type in rows:
        if unit_id in wanted and forwarded_at is not None:  # never None: the rows are filtered on its range
            yield ScoringFact(
                kind="item.forwarded",
                unit_id=unit_id,
                person_id=author_id,
                on=local_day(forwarded_at),
                source_type="items.submission",
                source_id=pk,
                item_id=item_id,
                title=title,
                attrs={"category": category, "by_hub": hub_name, "item_type": item_type},
            )


register_source("adoptions", adoption_facts, {"adoption": BUILT_IN_FACT_KINDS["adoption"]})
register_source("instructions", instruction_facts, {"instruction": BUILT_IN_FACT_KINDS["instruction"]})


def submission_counts(unit_ids: Collection[int], counting: Counting) -> Iterable[ScoringFact]:
    """The submission facts counted: per segment, one GROUP BY over the segment's submitted items (the
    ``submitted_at`` index serves the range), split into adopted and never adopted where it matters."""
    from django.db.models import Count

    from xinbao.items.queries import submitted_items_between

    wanted = set(unit_ids)
    groups = ["unit_id", *(["author_id"] if counting.by_author else []), *counting.by]
    counts: dict[str, Any] = {"n": Count("id")}
    if counting.adopted:
        counts["adopted"] = Count("id", filter=Q(id__in=_ever_adopted().values("credits__source_item_id")))
    for seg_start, seg_end in counting.segments():
        items = submitted_items_between(seg_start, seg_end).order_by()
        if len(wanted) <= _SQL_FILTER_LIMIT:
            items = items.filter(unit_id__in=wanted)
        for row in items.values(*groups).annotate(**counts).order_by(*groups):
            if row["unit_id"] not in wanted:
                continue
            attrs = {name: row[name] for name in counting.by}
            split: list[tuple[int, bool | None]] = [(row["n"], None)]
            if counting.adopted:
                split = [(row["adopted"], True), (row["n"] - row["adopted"], False)]
            for n, adopted in split:
                if n:
                    yield ScoringFact(
                        kind="submission",
                        unit_id=row["unit_id"],
                        person_id=row.get("author_id"),
                        on=seg_start,
                        source_type="items.item",
                        source_id=0,
                        weight=n,
                        attrs=attrs if adopted is None else {**attrs, "adopted": adopted},
                    )


register_source(
    "submissions",
    submission_facts,
    {"submission": BUILT_IN_FACT_KINDS["submission"]},
    counted=submission_counts,
)


def commission_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterable[ScoringFact]:
    """约稿: completed / missed per target unit, dated on the deadline (commissions.facts gives the rows)."""
    from xinbao.commissions.facts import commission_fact_rows

    return (ScoringFact(**row) for row in commission_fact_rows(unit_ids, start, end))


register_source(
    "commissions",
    commission_facts,
    {k: PLANNED_FACT_KINDS[k] for k in ("commission.completed", "commission.missed")},
)
register_source("forwarding", forwarding_facts, {"item.forwarded": BUILT_IN_FACT_KINDS["item.forwarded"]})
