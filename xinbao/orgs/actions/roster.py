"""The officer roster (信息员备案): register and end assignments, and urge a unit without an officer.

Kept by the system admin or by the information section of a hub the unit reports to (it knows its
units' officers best). ``Unit.has_officer`` is a shortcut kept here: true only while an open-ended
assignment has already started, so an officer starting tomorrow does not clear today's vacancy.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.actions import write_action
from xinbao.core.audit import record
from xinbao.core.errors import DomainError, PermissionRefused

from .. import duties
from ..models import Employment, OfficerAssignment, Unit, User, UserRole
from ..queries import is_vacant, officer_duty_units
from ..roles import Role
from ..signals import unit_urged


def _require_roster_keeper(user: User | None, unit: Unit) -> None:
    duties.require(
        duties.can_keep_roster(user, unit), _("只有系统管理员或该单位所报送信息科的人员可以办理信息员备案。")
    )


def refresh_has_officer(unit_id: int) -> None:
    today = timezone.localdate()
    staffed = OfficerAssignment.objects.filter(unit_id=unit_id, end_date__isnull=True, start_date__lte=today)
    Unit.objects.filter(pk=unit_id).update(has_officer=staffed.exists())


@write_action
def register_officer(
    user: User | None,
    *,
    unit: Unit,
    person: User,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    employment: str = Employment.PART_TIME,
    registered_at: datetime.date | None = None,
    note: str = "",
) -> OfficerAssignment:
    """备案 an officer of ``unit``; with ``end_date`` a past assignment is put on record."""
    _require_roster_keeper(user, unit)
    if employment not in Employment.values:
        raise DomainError(_("专兼职填写不正确。"), field="employment")
    if person.unit_id != unit.pk:
        raise DomainError(_("%(p)s 不是该单位的人员。") % {"p": person}, field="person")
    if not person.is_active:
        raise DomainError(_("%(p)s 的账号已停用，不能备案为信息员。") % {"p": person}, field="person")
    if person.admin_roles:
        raise PermissionRefused(_("三员分立：管理员账号不能备案为信息员。"))
    if end_date is not None and end_date < start_date:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end_date")
    if end_date is None and OfficerAssignment.objects.filter(unit=unit, user=person, end_date__isnull=True).exists():
        raise DomainError(_("%(p)s 已是该单位的在岗信息员。") % {"p": person}, field="person")
    assignment = OfficerAssignment.objects.create(
        unit=unit,
        user=person,
        employment=employment,
        start_date=start_date,
        end_date=end_date,
        registered_at=registered_at or timezone.localdate(),
        note=note,
    )
    if end_date is None:
        refresh_has_officer(unit.pk)
        if not person.has_role(Role.OFFICER):
            UserRole.objects.get_or_create(user=person, role=Role.OFFICER)
    record(
        user,
        "orgs.register_officer",
        assignment,
        new={
            "unit": unit.pk,
            "user": person.pk,
            "employment": employment,
            "start_date": start_date,
            "end_date": end_date,
        },
    )
    return assignment


@write_action
def end_officer_assignment(
    user: User | None, assignment: OfficerAssignment, end_date: datetime.date, note: str = ""
) -> OfficerAssignment:
    _require_roster_keeper(user, assignment.unit)
    if assignment.end_date is not None:
        raise DomainError(_("该备案已经结束。"))
    if end_date < assignment.start_date:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end_date")
    assignment.end_date = end_date
    if note:
        assignment.note = note
    assignment.save(update_fields=["end_date", "note"])
    refresh_has_officer(assignment.unit_id)
    record(user, "orgs.end_officer_assignment", assignment, new={"end_date": end_date})
    return assignment


@write_action
def urge_unit(user: User | None, unit: Unit, note: str = "") -> Unit:
    """督促: the hub reminds a unit without an officer on duty to register one; its signers (the unit's
    head for information work) are told (the notify app listens to ``unit_urged``)."""
    duties.require(duties.is_receiving_hub_staff(user, unit), _("只有该单位所报送信息科的人员可以督促。"))
    if not officer_duty_units().filter(pk=unit.pk).exists():
        raise DomainError(_("%(u)s 不需要配备信息员。") % {"u": unit.name})
    if not is_vacant(unit):
        raise DomainError(_("%(u)s 已有在岗信息员，无需督促。") % {"u": unit.name})
    note = note.strip()[:200]
    record(user, "orgs.urge_unit", unit, new={"note": note})
    unit_urged.send(sender=Unit, actor=user, unit=unit, note=note)
    return unit
