"""A writer's own view (a 政协委员 writing 社情民意 in person, or any writer assessed by person): this year's
quota and progress, submitted / adopted / 批示 counts, 稿酬 (or points) to date, and the 履职档案 — the
year's items with what became of them, exportable to Word.

Everything here is about the person's own items (``author = person``): nobody else's title, count or fee."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core import documents
from xinbao.items.models import Category, Item, ItemState
from xinbao.items.policy import titles_for
from xinbao.orgs.models import User

from . import periods, queries
from .models import RuleSet

if TYPE_CHECKING:
    from xinbao.instructions.models import Instruction


@dataclass
class QuotaProgress:
    label: str
    window: str  # "2026年11月" / "2026年"
    done: int
    target: int

    @property
    def met(self) -> bool:
        return self.done >= self.target


@dataclass
class Assessment:
    """One rule set that assesses the person as a writer: their quotas now, and points (or yuan) this year."""

    rule_set: RuleSet
    unit_of_account: str
    total: Decimal
    quotas: list[QuotaProgress] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The total as written ("200", never "2E+2")."""
        return f"{self.total.normalize():f}"


@dataclass
class Summary:
    year: int
    submitted: int
    adopted: int
    instructed: int
    assessments: list[Assessment]


@dataclass
class RecordRow:
    item_id: int
    submitted_on: datetime.date | None
    title: str
    category: str
    outcome: str
    instructions: list[str]


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def own_items(person: User, year: int) -> QuerySet[Item]:
    """The person's items that left their hands in ``year`` (withdrawn and deleted ones do not count)."""
    from xinbao.items.queries import submitted_items_between

    return submitted_items_between(*_year(year)).filter(author=person)


def _adopted_count(person: User, start: datetime.date, end: datetime.date) -> int:
    from xinbao.items.queries import adoptions_between

    credited = adoptions_between(start, end).filter(credits__person_id=person.pk)
    return credited.values("credits__source_item_id").distinct().count()


def _instructions(person: User, start: datetime.date, end: datetime.date) -> QuerySet[Instruction]:
    from xinbao.instructions.queries import instructions_between

    return instructions_between(start, end).filter(item__author=person, confirmed_at__isnull=False)


def assessing_rule_sets(person: User) -> list[RuleSet]:
    """Rule sets assessing the person as a writer: ``writers`` names one of their roles, and they write for
    the hub itself (``attached``) or belong to a unit the rule set can see."""
    roles = person.role_codes
    found = []
    for rule_set in queries.visible_rule_sets(person).exclude(active_version__isnull=True):
        writers = rule_set.active_version.spec.get("writers") if rule_set.active_version else None
        if not writers or not roles & set(writers.get("roles", [])):
            continue
        if rule_set.hub_id == person.unit_id and not writers.get("attached"):
            continue
        found.append(rule_set)
    return found


def _progress(person: User, quota: dict[str, Any], kind: str, today: datetime.date) -> QuotaProgress | None:
    target = quota.get("target")
    if not target:
        return None  # a quota only paying per item, or by class (targets): no single figure to show
    window = periods.containing(quota.get("per") or kind, today)
    if quota["count"] == "submitted":
        from xinbao.items.queries import submitted_items_between

        done = submitted_items_between(window.start, window.end).filter(author=person).count()
    elif quota["count"] in ("adopted", "adoptions"):
        done = _adopted_count(person, window.start, window.end)
    else:
        return None
    return QuotaProgress(quota.get("label") or quota["key"], window.label, done, int(target))


def summary(person: User, today: datetime.date | None = None) -> Summary:
    today = today or timezone.localdate()
    start, end = _year(today.year)
    assessments = []
    for rule_set in assessing_rule_sets(person):
        spec = rule_set.active_version.spec if rule_set.active_version else {}
        total = queries.writer_entries(rule_set, person, start, today).aggregate(t=Sum("points"))["t"] or Decimal(0)
        quotas = [_progress(person, q, spec["period"], today) for q in spec.get("writers", {}).get("quotas", [])]
        unit = _("元") if spec.get("unit") == "yuan" else _("分")
        assessments.append(Assessment(rule_set, unit, total, [q for q in quotas if q is not None]))
    return Summary(
        year=today.year,
        submitted=own_items(person, today.year).count(),
        adopted=_adopted_count(person, start, end),
        instructed=_instructions(person, start, end).count(),
        assessments=assessments,
    )


def record_rows(person: User, items: list[Item]) -> list[RecordRow]:
    """The 履职档案 lines of ``items`` (the person's own): title as the read policy shows it to them, what
    became of each at the hubs, and the 批示 it received. Four queries whatever the number of items."""
    from xinbao.items.queries import outcomes

    ids = [i.pk for i in items]
    titles = titles_for(person, {i.pk: i.title for i in items})
    found = outcomes(ids)
    instructed: dict[int, list[str]] = {}
    for ins in (
        _instructions(person, datetime.date.min, datetime.date.max)
        .filter(item_id__in=ids)
        .order_by("instructed_on", "id")
    ):
        who = ins.leader_post or ins.leader_name
        instructed.setdefault(ins.item_id or 0, []).append(
            _("%(d)s %(w)s批示") % {"d": ins.instructed_on.isoformat(), "w": who}
        )
    return [
        RecordRow(
            item_id=i.pk,
            submitted_on=timezone.localtime(i.submitted_at).date() if i.submitted_at else None,
            title=titles.get(i.pk, i.title),
            category=str(Category(i.category).label) if i.category in Category.values else i.category,
            outcome=found.get(i.pk, _("待处理")),
            instructions=instructed.get(i.pk, []),
        )
        for i in items
    ]


def record_docx(person: User, year: int, today: datetime.date | None = None) -> bytes:
    """The year's 履职档案 as a Word document (the member's 履职 report), built by the one Word builder."""
    items = list(own_items(person, year).exclude(state=ItemState.DELETED))
    rows = record_rows(person, items)
    figures = summary(person, today or datetime.date(year, 12, 31))
    name = person.display_name or person.username
    sector = person.sector.name if person.sector is not None else ""
    document = documents.new_document()
    documents.title(document, _("%(y)s年度社情民意履职档案") % {"y": year})
    who = f"{name}（{sector}）" if sector else name
    unit = person.unit.name if person.unit else ""
    documents.body(document, _("姓名：%(w)s　所在单位：%(u)s") % {"w": who, "u": unit})
    lines = [
        _("全年报送社情民意%(s)s条，被采用%(a)s条，获领导批示%(i)s次。")
        % {"s": figures.submitted, "a": figures.adopted, "i": figures.instructed}
    ]
    for a in figures.assessments:
        lines.append(
            _("%(r)s：截至目前%(t)s%(u)s。")
            % {"r": a.rule_set.name, "t": f"{a.total.normalize():f}", "u": a.unit_of_account}
        )
    documents.body(document, "\n".join(lines))
    documents.heading(document, _("一、报送和采用情况"))
    documents.table(
        document,
        [_("报送日期"), _("标题"), _("类别"), _("采用情况"), _("批示")],
        [
            (
                r.submitted_on.isoformat() if r.submitted_on else "",
                r.title,
                r.category,
                r.outcome,
                "；".join(r.instructions) or "—",
            )
            for r in rows
        ],
        numeric=(0,),
    )
    return documents.to_bytes(document)
