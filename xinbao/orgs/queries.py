"""Reads shared by views, the API and other apps, scoped to what the user may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import Combinable, NegatedExpression
from django.utils import timezone

from .models import (
    KINDS_WITHOUT_OFFICER_DUTY,
    AssessmentClass,
    Channel,
    OfficerAssignment,
    Unit,
    UnitChannel,
    User,
    UserRole,
)
from .roles import Role


def subtree_filter(path: str, *, field: str = "path", include_self: bool = True) -> Q:
    """Rows whose materialised path lies under ``path``, as an index range (no LIKE needed).

    ``/1/5/`` covers ``/1/5/`` … ``/1/5/999/``; the upper bound ``/1/50`` works because
    ``'/' < '0'`` in every collation we use (ASCII digits and slashes only).
    """
    upper = path[:-1] + "0"
    q = Q(**{f"{field}__gte": path, f"{field}__lt": upper})
    if not include_self:
        q &= ~Q(**{field: path})
    return q


def subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    return Unit.objects.alive().filter(subtree_filter(unit.path, include_self=include_self))


def ancestors(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth")


def with_roles(queryset: QuerySet[User]) -> QuerySet[User]:
    return queryset.prefetch_related("roles")


def load_user(user_id: int) -> User:
    return User.objects.select_related("unit").prefetch_related("roles").get(pk=user_id)


# --- Scope ------------------------------------------------------------------------------------


def sees_whole_tree(user: User) -> bool:
    return user.has_role(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def managed_root(user: User) -> Unit | None:
    """The unit under which a user's management pages operate (None: the whole tree)."""
    if user.has_role(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        return None
    return user.unit


def visible_units(user: User) -> QuerySet[Unit]:
    """Units a user may list: admins everything; others their own unit's subtree, plus, for a
    hub, the units that report to it (a county office's townships hang beside it, not below)."""
    units = Unit.objects.alive()
    if sees_whole_tree(user):
        return units
    root = user.unit
    if root is None:  # an account without a unit sees no units
        return units.none()
    members = UnitChannel.objects.filter(hub=root).values("unit_id")
    return units.filter(subtree_filter(root.path) | Q(pk__in=members))


def unit_list(
    user: User,
    *,
    under: Unit | None = None,
    search: str = "",
    kind: str = "",
    level: str = "",
    include_deleted: bool = False,
) -> QuerySet[Unit]:
    units = visible_units(user) if not include_deleted else Unit.objects.all()
    if under is not None:
        units = units.filter(subtree_filter(under.path))
    if search:
        units = units.filter(Q(name__contains=search) | Q(code__contains=search) | Q(short_name__contains=search))
    if kind:
        units = units.filter(kind=kind)
    if level:
        units = units.filter(level=level)
    return units.select_related("parent", "assessment_class").order_by("path")


def people_list(
    user: User, *, unit: Unit | None = None, role: str = "", search: str = "", status: str = "active"
) -> QuerySet[User]:
    """People in the user's scope; ``status`` is ``active`` (default), ``inactive`` or ``all``."""
    people = User.objects.all()
    if status == "active":
        people = people.filter(deleted_at__isnull=True)
    elif status == "inactive":
        people = people.filter(deleted_at__isnull=False)
    if not sees_whole_tree(user):
        if user.unit is None:
            return people.none()
        people = people.filter(subtree_filter(user.unit.path, field="unit__path"))
    if unit is not None:
        people = people.filter(subtree_filter(unit.path, field="unit__path"))
    if role:
        people = people.filter(Exists(UserRole.objects.filter(user=OuterRef("pk"), role=role)))
    if search:
        people = people.filter(Q(display_name__contains=search) | Q(username__contains=search))
    return with_roles(people.select_related("unit")).order_by("unit__path", "id")


def assessment_classes() -> QuerySet[AssessmentClass]:
    """Classes with the number of live units in each (one query)."""
    return AssessmentClass.objects.annotate(unit_count=Count("unit", filter=Q(unit__deleted_at__isnull=True))).order_by(
        "order", "id"
    )


# --- Channels and hubs ------------------------------------------------------------------------


def channels() -> QuerySet[Channel]:
    return Channel.objects.all()


def hub_for(unit: Unit, channel: Channel) -> Unit | None:
    """The hub that receives ``unit``'s items in ``channel`` (None: not in that channel, or top)."""
    link = UnitChannel.objects.filter(unit=unit, channel=channel).select_related("hub").first()
    return link.hub if link else None


def reporting_links(unit: Unit) -> QuerySet[UnitChannel]:
    """The channels ``unit`` reports in, with the hub of each."""
    return UnitChannel.objects.filter(unit=unit, hub__isnull=False).select_related("channel", "hub")


def hub_channels(unit: Unit) -> QuerySet[Channel]:
    """Channels in which ``unit`` is a hub."""
    return Channel.objects.filter(unitchannel__unit=unit, unitchannel__is_hub=True)


def is_hub(unit: Unit | None, channel: Channel | None = None) -> bool:
    if unit is None:
        return False
    links = UnitChannel.objects.filter(unit=unit, is_hub=True)
    if channel is not None:
        links = links.filter(channel=channel)
    return links.exists()


def member_units(hub: Unit, channel: Channel | None = None) -> QuerySet[Unit]:
    """Units that report directly to ``hub`` (in ``channel`` or any channel)."""
    links = UnitChannel.objects.filter(hub=hub)
    if channel is not None:
        links = links.filter(channel=channel)
    return Unit.objects.alive().filter(pk__in=links.values("unit_id")).order_by("path")


# --- Roster -----------------------------------------------------------------------------------


def on_duty(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Assignments in force today: started, and not ended before today (an officer whose last day is
    today still counts; one starting tomorrow does not yet)."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def active_assignments(unit: Unit) -> QuerySet[OfficerAssignment]:
    return OfficerAssignment.objects.filter(on_duty(), unit=unit).select_related("user")


def officer_duty_units() -> QuerySet[Unit]:
    """Units expected to keep an officer: not an office itself (a hub in some channel), not a kind
    without officer duty (专委会, 界别, regions … ``KINDS_WITHOUT_OFFICER_DUTY``)."""
    hubs = UnitChannel.objects.filter(unit=OuterRef("pk"), is_hub=True)
    return Unit.objects.alive().exclude(kind__in=KINDS_WITHOUT_OFFICER_DUTY).filter(~Exists(hubs))


def is_vacant(unit: Unit) -> bool:
    return not OfficerAssignment.objects.filter(on_duty(), unit=unit).exists()


def _without_officer_today() -> NegatedExpression[Combinable]:
    return ~Exists(OfficerAssignment.objects.filter(on_duty(), unit=OuterRef("pk")))


def roster(unit: Unit) -> QuerySet[OfficerAssignment]:
    return OfficerAssignment.objects.filter(unit=unit).select_related("user").order_by("end_date", "-start_date")


def vacancies(hub: Unit, channel: Channel | None = None) -> QuerySet[Unit]:
    """断档缺人: member units of ``hub`` that should have an officer and have none on duty today."""
    duty = officer_duty_units().values("pk")
    return member_units(hub, channel).filter(pk__in=duty).filter(_without_officer_today())


def hub_roster(hub: Unit, *, vacant_only: bool = False) -> QuerySet[Unit]:
    """信息员名册 of a hub: its member units that keep officers, each with its officers on duty today
    (``on_duty_officers``, prefetched: one query for the page however many units)."""
    units = member_units(hub).filter(pk__in=officer_duty_units().values("pk"))
    if vacant_only:
        units = units.filter(_without_officer_today())
    on_duty_now = OfficerAssignment.objects.filter(on_duty()).select_related("user").order_by("start_date")
    return units.prefetch_related(Prefetch("officer_assignments", queryset=on_duty_now, to_attr="on_duty_officers"))


def users_with_role(role: str, *, unit: Unit | None = None) -> QuerySet[User]:
    people = User.objects.filter(is_active=True, roles__role=role)
    if unit is not None:
        people = people.filter(unit=unit)
    return people.distinct()


def unit_tree_rows(root: Unit | None, max_depth: int = 2, limit: int = 500) -> list[Any]:
    """Rows for a collapsed tree view: children down to ``max_depth`` levels below ``root``.

    One range scan on the path index in depth-first order, capped at ``limit`` rows.
    """
    units = Unit.objects.alive()
    if root is not None:
        units = units.filter(subtree_filter(root.path), depth__lte=root.depth + max_depth)
    else:
        units = units.filter(depth__lte=max_depth)
    fields = ("id", "name", "code", "depth", "kind", "level", "path")
    return list(units.only(*fields).order_by("path")[:limit])


def all_vacancies() -> QuerySet[Unit]:
    """Every unit that reports to some hub, should keep an officer, and has none on duty today."""
    # EXISTS probes per unit in path order let the first page stop early (no IN-list to build).
    reporting = UnitChannel.objects.filter(unit=OuterRef("pk"), hub__isnull=False)
    # ``has_officer`` (kept by the roster actions: an open-ended assignment already started) skips
    # staffed units before any probe; the EXISTS on assignments stays the definition.
    units = officer_duty_units().filter(has_officer=False)
    return units.filter(Exists(reporting)).filter(_without_officer_today()).order_by("path")


def is_locked(person: User) -> bool:
    """Whether django-axes currently refuses the person's logins (too many failures)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=person.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).exists()


def distribution_candidates(hub: Unit) -> QuerySet[Unit]:
    """Units an office may send its periodical to (报/送/发, 本期增发): its own region (the units around and
    below it), and along its path upward each level's units (the offices and departments it reports to and
    its peers). A bounded list even in a tree of tens of thousands of units."""
    region = hub.parent or hub
    path_ids = [*hub.ancestor_ids, hub.pk]
    return (
        Unit.objects.alive()
        .filter(subtree_filter(region.path) | Q(parent_id__in=path_ids) | Q(pk__in=path_ids))
        .exclude(pk=hub.pk)
        .order_by("path")
    )
