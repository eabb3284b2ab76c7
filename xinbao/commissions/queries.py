"""Reads of commissions, scoped to who may see them: the hub's staff and leaders see their hub's; a
unit sees those addressed to it. Who answered, who is late and what was adopted are computed from the
linked items, in a constant number of queries whatever the number of target units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinbao.instructions.queries import business_unit
from xinbao.items.models import Item, Submission, SubmissionState
from xinbao.orgs import duties
from xinbao.orgs.models import User

from .models import Commission, CommissionKind, CommissionTarget


def is_hub_side(user: User | None, hub_id: int) -> bool:
    return duties.is_hub_staff(user, hub_id) or duties.is_leader(user, hub_id)


def visible(user: User | None) -> QuerySet[Commission]:
    unit_id = business_unit(user)
    if unit_id is None:
        return Commission.objects.none()
    q = Q(Exists(CommissionTarget.objects.filter(commission=OuterRef("pk"), unit_id=unit_id)))
    if is_hub_side(user, unit_id):
        q |= Q(hub_id=unit_id)
    return Commission.objects.filter(q)


def commission_for(user: User | None, pk: int) -> Commission | None:
    return visible(user).select_related("hub", "channel", "lead_unit", "target_class").filter(pk=pk).first()


def answered_by(unit: Any) -> Q:
    """The items that answer for ``unit`` (an id or ``OuterRef``): its own, and those it reported jointly
    with another unit (合报: one of the item's co-units)."""
    return Q(unit=unit) | Q(co_units=unit)


def answers_of(commission: Any, unit: Any) -> QuerySet[Item]:
    """The submitted items answering ``commission`` for ``unit`` (ids or ``OuterRef``s)."""
    return Item.objects.filter(answered_by(unit), commission=commission, submitted_at__isnull=False)


def first_answer(commission: Any, unit: Any) -> Subquery:
    """When ``unit`` first answered ``commission`` (a subquery; one row: grouped by the commission)."""
    rows = answers_of(commission, unit).order_by().values("commission").annotate(m=Min("submitted_at"))
    return Subquery(rows.values("m")[:1])


def hub_list(user: User | None, *, kind: str = "", q: str = "") -> QuerySet[Commission]:
    """The hub's commissions and guidance, with how many units were asked and how many answered."""
    unit_id = business_unit(user)
    if unit_id is None or not is_hub_side(user, unit_id):
        return Commission.objects.none()
    rows = Commission.objects.filter(hub_id=unit_id)
    if kind in CommissionKind.values:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(title__icontains=q)
    return rows.order_by("-created_at", "-id")


@dataclass
class CountedRow:
    """A line of the hub's list: the commission, how many units were asked and how many answered."""

    c: Commission
    n_targets: int
    n_answered: int


def with_counts(rows: list[Commission]) -> list[CountedRow]:
    """How many units were asked and how many answered, for one page of commissions (two grouped
    queries over that page only)."""
    ids = [c.pk for c in rows]
    targets = dict(
        CommissionTarget.objects.filter(commission_id__in=ids)
        .values("commission_id")
        .annotate(n=Count("pk"))
        .values_list("commission_id", "n")
    )
    answered = dict(
        CommissionTarget.objects.filter(commission_id__in=ids)
        .filter(Exists(answers_of(OuterRef("commission"), OuterRef("unit"))))
        .values("commission_id")
        .annotate(n=Count("pk"))
        .values_list("commission_id", "n")
    )
    return [CountedRow(c, targets.get(c.pk, 0), answered.get(c.pk, 0)) for c in rows]


def for_unit(user: User | None, *, kind: str = "") -> QuerySet[Commission]:
    """Commissions and guidance addressed to the user's unit, newest first."""
    unit_id = business_unit(user)
    if unit_id is None:
        return Commission.objects.none()
    rows = Commission.objects.filter(targets__unit_id=unit_id, cancelled_at__isnull=True)
    if kind in CommissionKind.values:
        rows = rows.filter(kind=kind)
    mine = answers_of(OuterRef("pk"), unit_id)
    return rows.select_related("hub").annotate(answered=Exists(mine)).order_by("-created_at", "-id")


def open_for_unit(user: User | None) -> QuerySet[Commission]:
    """Commissions still to answer (not past due) for the user's unit: the home panel."""
    # ``answered`` is for_unit's annotation (named in a Q: the type checker knows only model fields).
    return for_unit(user, kind=CommissionKind.COMMISSION).filter(Q(answered=False), due_at__gt=timezone.now())


def guidance_for_unit(user: User | None) -> QuerySet[Commission]:
    """征集参考选题 and 报送要点 published to the user's unit, newest first."""
    return for_unit(user).exclude(kind=CommissionKind.COMMISSION)


class Status:
    ON_TIME, LATE, PENDING, MISSED = "on_time", "late", "pending", "missed"


STATUS_LABELS = {
    Status.ON_TIME: _("按时报送"),
    Status.LATE: _("逾期报送"),
    Status.PENDING: _("待报送"),
    Status.MISSED: _("未报送"),
}


@dataclass
class TargetRow:
    target: CommissionTarget
    answered_at: datetime.datetime | None
    n_items: int
    n_adopted: int
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def target_rows(
    commission: Commission, targets: QuerySet[CommissionTarget] | None = None
) -> QuerySet[CommissionTarget]:
    """The targets annotated with their first submission, items and adoptions (one query)."""
    items = answers_of(commission, OuterRef("unit")).order_by()
    n_items = items.values("commission").annotate(n=Count("pk", distinct=True)).values("n")
    adopted = (
        Submission.objects.filter(
            Q(item__unit=OuterRef("unit")) | Q(item__co_units=OuterRef("unit")),
            item__commission=commission,
            hub_id=commission.hub_id,
            state=SubmissionState.ADOPTED,
        )
        .order_by()
        .values("hub")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    rows = targets if targets is not None else commission.targets.all()
    return rows.select_related("unit").annotate(
        answered_at=first_answer(commission, OuterRef("unit")),
        n_items=Coalesce(Subquery(n_items, output_field=IntegerField()), 0),
        n_adopted=Coalesce(Subquery(adopted, output_field=IntegerField()), 0),
    )


def status_of(commission: Commission, answered_at: datetime.datetime | None, now: datetime.datetime) -> str:
    due = commission.due_at
    if answered_at is not None:
        return Status.LATE if due is not None and answered_at > due else Status.ON_TIME
    return Status.MISSED if due is not None and now > due else Status.PENDING


def rows_with_status(commission: Commission, page: Any) -> list[TargetRow]:
    now = timezone.now()
    return [
        TargetRow(t, t.answered_at, t.n_items, t.n_adopted, status_of(commission, t.answered_at, now)) for t in page
    ]


def first_answers(commission: Commission) -> dict[int, datetime.datetime]:
    """{unit id: when it first answered} for every unit that answered, as the writing unit or a 合报
    partner. Two reads of the commission's own items (its index), not a subquery per target: a correlated
    OR over units and co-units costs PostgreSQL a scan per target (200 ms for 500 targets)."""
    answered = Item.objects.filter(commission=commission, submitted_at__isnull=False).order_by()
    pairs = list(answered.values_list("unit_id", "submitted_at"))
    partners = Item.co_units.through.objects.filter(item__in=answered.values("pk"))
    pairs += list(partners.values_list("unit_id", "item__submitted_at"))
    firsts: dict[int, datetime.datetime] = {}
    for unit_id, at in pairs:
        if at is not None and (unit_id not in firsts or at < firsts[unit_id]):  # never None: filtered above
            firsts[unit_id] = at
    return firsts


def summary(commission: Commission) -> dict[str, int]:
    """Counts by status over every target (three queries, whatever the number of targets)."""
    now = timezone.now()
    counts = {Status.ON_TIME: 0, Status.LATE: 0, Status.PENDING: 0, Status.MISSED: 0}
    firsts = first_answers(commission)
    for unit_id in commission.targets.order_by().values_list("unit_id", flat=True):
        counts[status_of(commission, firsts.get(unit_id), now)] += 1
    return counts


def answers(user: User | None, commission: Commission) -> QuerySet[Item]:
    """The items linked to the commission that the user's side may list (the hub: all submitted;
    a unit: its own, drafts included)."""
    rows = Item.objects.filter(commission=commission).select_related("unit")
    if is_hub_side(user, commission.hub_id):
        return rows.filter(submitted_at__isnull=False).order_by("submitted_at", "id")
    unit_id = business_unit(user)
    if unit_id is None:
        return rows.none()
    return rows.filter(unit_id=unit_id).order_by("-created_at", "-id")
