"""Every write of commissions (约稿) and guidance: issue, cancel, and start an answer (a draft item
linked to the commission, which then goes through the normal items flow)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.instructions import followup
from xinbao.items.actions import create_draft
from xinbao.items.models import Item
from xinbao.notify import reminders
from xinbao.notify.actions import notify
from xinbao.notify.models import Reminder
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import AssessmentClass, Channel, Unit, User

from .models import Commission, CommissionKind, CommissionTarget, TargetRule


def _url(commission: Commission) -> str:
    return f"/commissions/{commission.pk}/"


def resolve_targets(
    hub: Unit,
    channel: Channel,
    rule: str,
    *,
    units: Sequence[Unit] = (),
    unit_class: AssessmentClass | None = None,
) -> list[Unit]:
    """The units a commission goes to: chosen ones, a whole assessment class, or all — always among
    the units that report to the hub in the channel (a hub commissions only its own units)."""
    members = org_queries.member_units(hub, channel)
    if rule == TargetRule.ALL:
        return list(members)
    if rule == TargetRule.CLASS:
        if unit_class is None:
            raise DomainError(_("请选择考核类别。"), field="unit_class")
        return list(members.filter(assessment_class=unit_class))
    if rule != TargetRule.CHOSEN:
        raise DomainError(_("约稿对象不正确。"), field="rule")
    wanted = {u.pk for u in units}
    found = list(members.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise DomainError(_("只能向本信息科的报送单位约稿。"), field="units")
    return found


@write_action
def issue(
    user: User | None,
    *,
    hub: Unit,
    channel: Channel,
    title: str,
    requirements: str = "",
    kind: str = CommissionKind.COMMISSION,
    due_at: datetime.datetime | None = None,
    rule: str = TargetRule.CHOSEN,
    units: Sequence[Unit] = (),
    unit_class: AssessmentClass | None = None,
    lead_unit: Unit | None = None,
) -> Commission:
    """Issue a commission (or publish topics / reporting priorities) to the hub's units; each is told,
    and reminders are scheduled before the deadline and the morning after it."""
    duties.require(duties.can_issue_commission(user, hub), _("只有本信息科人员可以约稿。"))
    if kind not in CommissionKind.values:
        raise DomainError(_("类型不正确。"), field="kind")
    if not title.strip():
        raise DomainError(_("请填写选题。"), field="title")
    if kind == CommissionKind.COMMISSION:
        if due_at is None:
            raise DomainError(_("约稿须有截止时间。"), field="due_at")
        if due_at <= timezone.now():
            raise DomainError(_("截止时间须晚于现在。"), field="due_at")
    else:
        due_at = None
    targets = resolve_targets(hub, channel, rule, units=units, unit_class=unit_class)
    if not targets:
        raise DomainError(_("没有符合条件的约稿对象单位。"), field="units")
    if lead_unit is not None and lead_unit.pk not in {u.pk for u in targets}:
        raise DomainError(_("牵头单位须是约稿对象之一。"), field="lead_unit")
    commission = Commission.objects.create(
        hub=hub,
        channel=channel,
        kind=kind,
        title=title.strip(),
        requirements=requirements.strip(),
        due_at=due_at,
        target_rule=rule,
        target_class=unit_class if rule == TargetRule.CLASS else None,
        lead_unit=lead_unit,
        created_by=user,
    )
    CommissionTarget.objects.bulk_create(
        [
            CommissionTarget(commission=commission, unit=u, is_lead=lead_unit is not None and u.pk == lead_unit.pk)
            for u in targets
        ]
    )
    record(
        user,
        "commissions.issue",
        commission,
        new={"kind": kind, "title": commission.title, "rule": rule, "units": len(targets)},
    )
    _tell_targets(commission, targets)
    if due_at is not None:
        _schedule(commission, targets)
    return commission


def _tell_targets(commission: Commission, targets: Sequence[Unit]) -> None:
    if commission.kind == CommissionKind.COMMISSION:
        assert commission.due_at is not None
        text = _("%(h)s约稿：《%(t)s》，请于%(d)s前报送。") % {
            "h": commission.hub.name,
            "t": commission.title,
            "d": f"{timezone.localtime(commission.due_at):%Y-%m-%d %H:%M}",
        }
    else:
        text = _("%(h)s发布%(k)s：《%(t)s》。") % {
            "h": commission.hub.name,
            "k": commission.get_kind_display(),
            "t": commission.title,
        }
    people = followup.people_of_units([u.pk for u in targets])
    notify(people, f"commissions.{commission.kind}", text, url=_url(commission))


def reminder_prefix(commission: Commission) -> str:
    return f"commissions:c{commission.pk}:"


def _schedule(commission: Commission, targets: Sequence[Unit]) -> None:
    """Per target unit: two days before, on the morning of the last day, and the morning after (late).
    Bulk-created (a commission to 500 units is 1,500 reminders); the guard skips units that answered."""
    assert commission.due_at is not None
    due_day = timezone.localtime(commission.due_at).date()
    due = f"{timezone.localtime(commission.due_at):%Y-%m-%d %H:%M}"
    day = datetime.timedelta(days=1)
    plan = [
        (
            "soon2",
            followup.at_opening(due_day - 2 * day),
            "commissions.due_soon",
            _("约稿《%(t)s》将于%(d)s截止，请按时报送。"),
        ),
        (
            "soon0",
            followup.at_opening(due_day),
            "commissions.due_soon",
            _("约稿《%(t)s》今天截止（%(d)s），请按时报送。"),
        ),
        (
            "late",
            followup.at_opening(due_day + day),
            "commissions.late",
            _("约稿《%(t)s》已于%(d)s截止，贵单位尚未报送。"),
        ),
    ]
    now = timezone.now()
    rows = []
    for name, when, kind, text in plan:
        if when <= now or (name != "late" and when >= commission.due_at):
            continue
        message = text % {"t": commission.title, "d": due}
        for unit in targets:
            rows.append(
                Reminder(
                    key=f"{reminder_prefix(commission)}u{unit.pk}:{name}",
                    due_at=when,
                    kind=kind,
                    text=message[:500],
                    email_text=message[:500],
                    url=_url(commission),
                    audience="unit_handlers",
                    params={"unit": unit.pk},
                )
            )
    Reminder.objects.bulk_create(rows, batch_size=500)


@write_action
def cancel(user: User | None, commission: Commission, reason: str) -> Commission:
    """撤销 (issued by mistake): the units are told, nothing more is chased, answers already sent stay."""
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    duties.require(duties.can_issue_commission(user, commission.hub_id), _("只有本信息科人员可以撤销约稿。"))
    if commission.cancelled_at is not None:
        raise DomainError(_("该约稿已撤销。"))
    if not reason.strip():
        raise DomainError(_("请说明撤销理由。"), field="reason")
    commission.cancelled_at, commission.cancel_reason = timezone.now(), reason.strip()[:500]
    commission.save(update_fields=["cancelled_at", "cancel_reason"])
    reminders.cancel(reminder_prefix(commission))
    record(user, "commissions.cancel", commission, new={"reason": reason[:200]})
    units = list(commission.targets.values_list("unit_id", flat=True))
    notify(
        followup.people_of_units(units),
        "commissions.cancelled",
        _("%(k)s《%(t)s》已撤销：%(r)s")
        % {"k": commission.get_kind_display(), "t": commission.title, "r": reason[:200]},
        url=_url(commission),
    )
    return commission


@write_action
def start_answer(
    user: User,  # an answer is an item, and an item always has an author
    commission: Commission,
    *,
    category: str,
    title: str,
    body: str = "",
    **fields: Any,
) -> Item:
    """A unit's writer starts an answer: a draft of their unit linked to the commission (then signed
    and submitted as any item)."""
    if commission.kind != CommissionKind.COMMISSION or commission.cancelled_at is not None:
        raise DomainError(_("该约稿已撤销或无需报送。"))
    unit_id = user.unit_id
    if unit_id is None or not commission.targets.filter(unit_id=unit_id).exists():
        raise DomainError(_("本单位不在该约稿的约稿对象中。"))
    item = create_draft(user, category=category, title=title, body=body, commission_id=commission.pk, **fields)
    record(user, "commissions.answer", commission, new={"item": item.pk, "unit": unit_id})
    return item
