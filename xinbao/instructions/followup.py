"""The follow-up machinery of a deadline (督办): reminders before it, 催办 after it, escalating.

Built on ``notify.reminders``: each step is a reminder with a unique key, sent once by the worker to
whoever holds the role *then*, and vetoed by a guard once the unit has answered. Instructions use it
for each assignment (交办); commissions reuse ``deadline_steps`` and the audiences for their targets.

Plan for a deadline day D (times are local, 09:00 when the office opens):
- D−3 and D: 即将到期 to the unit's handlers (signer and officers);
- D+1: 催办 to the unit's handlers;
- D+3: 再次催办 to the unit's handlers, and the hub's chief (科长) hears of it;
- D+7: the hub's director (主任) hears of it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.notify import reminders
from xinbao.notify.models import Reminder
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, Role

if TYPE_CHECKING:
    from .models import Assignment

OFFICE_OPENS = datetime.time(9, 0)
HANDLER_ROLES = (Role.SIGNER, Role.OFFICER, *HUB_STAFF)


def _people(unit_id: int | None, roles: tuple[str, ...]) -> list[User]:
    if unit_id is None:
        return []
    return list(User.objects.filter(unit_id=unit_id, is_active=True, roles__role__in=roles).distinct().order_by("pk"))


def unit_handlers(unit_id: int | None) -> list[User]:
    """Who carries out an assignment at a unit: its signer(s), officers, and hub staff if it is a hub."""
    return _people(unit_id, HANDLER_ROLES)


def people_of_units(unit_ids: list[int]) -> list[User]:
    """The handlers of many units at once (one query: a commission to 500 units)."""
    return list(
        User.objects.filter(unit_id__in=unit_ids, is_active=True, roles__role__in=HANDLER_ROLES)
        .distinct()
        .order_by("pk")
    )


def hub_staff(hub_id: int | None) -> list[User]:
    return _people(hub_id, tuple(HUB_STAFF))


def hub_seniors(hub_id: int | None) -> list[User]:
    return _people(hub_id, (Role.HUB_CHIEF, Role.HUB_DIRECTOR))


reminders.register_audience("unit_handlers", lambda params: unit_handlers(params.get("unit")))


def at_opening(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, OFFICE_OPENS))


def deadline_steps(
    *,
    kind_prefix: str,
    due_on: datetime.date,
    unit_id: int,
    hub_id: int | None,
    what: str,
    url: str,
) -> list[tuple[str, datetime.datetime, str, str, tuple[str, dict[str, Any]]]]:
    """``(name, when, kind, text, audience)`` for every reminder of a deadline (see the plan above)."""
    unit = ("unit_handlers", {"unit": unit_id})
    due = f"{due_on:%Y-%m-%d}"
    day = datetime.timedelta(days=1)
    steps = [
        ("soon3", at_opening(due_on - 3 * day), f"{kind_prefix}.due_soon", _("%(w)s将于%(d)s到期，请按时反馈。"), unit),
        ("soon0", at_opening(due_on), f"{kind_prefix}.due_soon", _("%(w)s今天（%(d)s）到期，请按时反馈。"), unit),
        (
            "chase1",
            at_opening(due_on + day),
            f"{kind_prefix}.overdue",
            _("催办：%(w)s已于%(d)s到期，请尽快反馈。"),
            unit,
        ),
        ("chase3", at_opening(due_on + 3 * day), f"{kind_prefix}.overdue", _("再次催办：%(w)s逾期三天未反馈。"), unit),
    ]
    if hub_id is not None:
        chief = reminders.role(Role.HUB_CHIEF, hub_id)
        director = reminders.role(Role.HUB_DIRECTOR, hub_id)
        steps += [
            (
                "up3",
                at_opening(due_on + 3 * day),
                f"{kind_prefix}.escalated",
                _("督办提醒：%(w)s逾期三天未反馈（%(d)s到期）。"),
                chief,
            ),
            (
                "up7",
                at_opening(due_on + 7 * day),
                f"{kind_prefix}.escalated",
                _("督办提醒：%(w)s逾期七天未反馈（%(d)s到期）。"),
                director,
            ),
        ]
    return [(name, when, kind, text % {"w": what, "d": due}, aud) for name, when, kind, text, aud in steps]


def schedule_deadline(prefix: str, **plan: Any) -> list[Reminder]:
    """Schedule the reminders of a deadline under ``prefix`` (steps already past are skipped)."""
    now = timezone.now()
    return [
        reminders.schedule(f"{prefix}{name}", when, kind=kind, text=text, audience=aud, url=plan["url"])
        for name, when, kind, text, aud in deadline_steps(**plan)
        if when > now
    ]


# --- Assignments (交办) ---------------------------------------------------------------------------


def assignment_prefix(assignment: Assignment) -> str:
    return f"instructions:a{assignment.pk}:"


def schedule_reminders(assignment: Assignment) -> list[Reminder]:
    instruction = assignment.instruction
    return schedule_deadline(
        f"{assignment_prefix(assignment)}{assignment.due_on:%Y%m%d}:",
        kind_prefix="instructions",
        due_on=assignment.due_on,
        unit_id=assignment.unit_id,
        hub_id=instruction.hub_id,
        what=_("%(u)s承办的%(l)s批示") % {"u": assignment.unit.name, "l": instruction.leader_name},
        url=f"/instructions/{instruction.pk}/",
    )


def cancel_reminders(assignment: Assignment) -> int:
    return reminders.cancel(assignment_prefix(assignment))


def _assignment_still_due(reminder: Reminder) -> bool:
    """A second safety beside cancelling: the unit has not answered yet, and the date is still the one."""
    from .models import Assignment, AssignmentState

    parts = reminder.key.split(":")
    if len(parts) < 3 or not parts[1].startswith("a") or not parts[1][1:].isdigit():
        return True
    row = Assignment.objects.filter(pk=int(parts[1][1:])).values_list("state", "due_on").first()
    if row is None:
        return False
    state, due_on = row
    return state in (AssignmentState.ASSIGNED, AssignmentState.ACCEPTED) and parts[2] == f"{due_on:%Y%m%d}"


reminders.register_guard("instructions.", _assignment_still_due)
