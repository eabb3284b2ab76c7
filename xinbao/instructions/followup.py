"""The follow-up machinery of a deadline (督办): reminders before it, 催办 after it, escalating.

Built on ``notify.reminders``: each step is a reminder with a unique key, sent once by the worker to
whoever holds the role *then*, and vetoed by a guard once the unit has answered. Instructions use it
for each assignment (交办); commissions reuse ``deadline_steps`` and the audiences for their targets.

Default plan for a deadline day D (times are local, 09:00 when the office opens); each hub may set its own
(``FollowupPlan``, the same four parts):
- D−3 and D: 即将到期 to the unit's handlers (signer and officers);
- D+1: 催办 to the unit's handlers;
- D+3: 再次催办 to the unit's handlers, and the hub's chief (科长) hears of it;
- D+7: the hub's director (主任) hears of it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError
from xinbao.notify import reminders
from xinbao.notify.models import Reminder
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, Role

if TYPE_CHECKING:
    from .models import Assignment, FollowupPlan

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


@dataclass(frozen=True)
class Plan:
    """Days before D to remind, days after D to chase, days after D the chief / director hear (None: never)."""

    before: tuple[int, ...] = (3, 0)
    after: tuple[int, ...] = (1, 3)
    chief: int | None = 3
    director: int | None = 7


DEFAULT_PLAN = Plan()
MAX_BEFORE, MAX_AFTER, MAX_STEPS = 30, 60, 5


def plan_of(row: FollowupPlan | None) -> Plan:
    if row is None:
        return DEFAULT_PLAN
    before, after = days_of(row.remind_before), days_of(row.chase_after)
    return Plan(tuple(sorted(before, reverse=True)), tuple(sorted(after)), row.chief_after, row.director_after)


def plan_for(hub_id: int | None) -> Plan:
    from .models import FollowupPlan

    if hub_id is None:
        return DEFAULT_PLAN
    return plan_of(FollowupPlan.objects.filter(hub_id=hub_id).first())


def _parts(text: str) -> list[str]:
    """``"3、0"`` → ["3", "0"]: commas, 顿号, semicolons or spaces between the numbers."""
    return [part for part in re.split(r"[,，、;；\s]+", (text or "").strip()) if part]


def days_of(text: str) -> list[int]:
    """The stored day list (always valid: written by ``save_followup_plan``)."""
    return [int(part) for part in _parts(text) if part.isdigit()]


def days_text(days: Iterable[int]) -> str:
    """A day list as stored and as the form shows it: ``"3、0"`` (the inverse of ``days_of``)."""
    return "、".join(str(d) for d in days)


def parse_days(text: str, field: str, *, low: int, high: int) -> tuple[int, ...]:
    """The day list a hub typed, or a Chinese refusal naming what is wrong."""
    parts = _parts(text)
    if not all(part.isdigit() for part in parts):
        raise DomainError(_("请填写天数（整数），多个天数用逗号或顿号分隔，如“3、0”。"), field=field)
    days = sorted({int(part) for part in parts})
    if any(d < low or d > high for d in days):
        raise DomainError(_("天数须在%(a)s到%(b)s之间。") % {"a": low, "b": high}, field=field)
    if len(days) > MAX_STEPS:
        raise DomainError(_("最多设置%(n)s次。") % {"n": MAX_STEPS}, field=field)
    return tuple(days)


def describe(plan: Plan) -> str:
    """The plan in one Chinese sentence, as the settings page and the due list show it."""
    parts = []
    if plan.before:
        days = "、".join(_("当天") if d == 0 else _("前%(n)s天") % {"n": d} for d in plan.before)
        parts.append(_("到期%(d)s提醒承办单位") % {"d": days})
    if plan.after:
        parts.append(_("逾期%(d)s天催办") % {"d": days_text(plan.after)})
    if plan.chief is not None:
        parts.append(_("逾期%(n)s天告知科长") % {"n": plan.chief})
    if plan.director is not None:
        parts.append(_("逾期%(n)s天告知主任") % {"n": plan.director})
    return "；".join(parts) + "。" if parts else _("不发送提醒。")


def deadline_steps(
    *,
    kind_prefix: str,
    due_on: datetime.date,
    unit_id: int,
    hub_id: int | None,
    what: str,
    url: str,
    plan: Plan | None = None,
) -> list[tuple[str, datetime.datetime, str, str, tuple[str, dict[str, Any]]]]:
    """``(name, when, kind, text, audience)`` for every reminder of a deadline under the hub's plan."""
    plan = plan or plan_for(hub_id)
    unit = ("unit_handlers", {"unit": unit_id})
    day = datetime.timedelta(days=1)
    steps: list[tuple[str, int, str, str, tuple[str, dict[str, Any]]]] = []  # (name, days after D, …)
    for n in plan.before:
        text = _("%(w)s今天（%(d)s）到期，请按时反馈。") if n == 0 else _("%(w)s将于%(d)s到期，请按时反馈。")
        steps.append((f"soon{n}", -n, f"{kind_prefix}.due_soon", text, unit))
    for i, n in enumerate(plan.after):
        text = _("催办：%(w)s已于%(d)s到期，请尽快反馈。") if i == 0 else _("再次催办：%(w)s逾期%(n)s天未反馈。")
        steps.append((f"chase{n}", n, f"{kind_prefix}.overdue", text, unit))
    if hub_id is not None:
        escalations = (("up", plan.chief, Role.HUB_CHIEF), ("top", plan.director, Role.HUB_DIRECTOR))
        for prefix, after, role in escalations:
            if after is not None:
                text = _("督办提醒：%(w)s逾期%(n)s天未反馈（%(d)s到期）。")
                steps.append(
                    (f"{prefix}{after}", after, f"{kind_prefix}.escalated", text, reminders.role(role, hub_id))
                )
    values = {"w": what, "d": f"{due_on:%Y-%m-%d}"}
    return [
        (name, at_opening(due_on + n * day), kind, text % {**values, "n": n}, audience)
        for name, n, kind, text, audience in steps
    ]


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
