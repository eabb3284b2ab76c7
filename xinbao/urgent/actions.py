"""Every write of the urgent app, audited in one transaction (core.actions.write_action)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items.models import Item
from xinbao.notify.actions import notify
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import Channel, Unit, UnitChannel, User
from xinbao.orgs.roles import LeaderLevel

from . import audiences, deadlines, elements, policies
from .models import (
    Event,
    EventType,
    Finding,
    FindingKind,
    Leg,
    Mode,
    Policy,
    Report,
    ReportState,
    Severity,
    Shift,
    Stage,
)
from .signals import finding_changed
from .states import EventAction, ReportAction, event_next, report_next

# A phone call may be logged after the fact, but not days later or in the future (clock skew: 2 minutes).
SKEW = datetime.timedelta(minutes=2)
LATE_ENTRY = datetime.timedelta(days=7)


def _url(event: Event) -> str:
    return reverse("urgent:event", args=[event.pk])


def _moment(value: datetime.datetime | None, now: datetime.datetime, label: str, field: str) -> datetime.datetime:
    value = value or now
    if value > now + SKEW:
        raise DomainError(_("%(l)s不能晚于现在。") % {"l": label}, field=field)
    if value < now - LATE_ENTRY:
        raise DomainError(_("%(l)s不能早于7天前；更早的事件请按漏报处理。") % {"l": label}, field=field)
    return value


def active_spec(hub: Unit | int) -> tuple[Policy | None, dict[str, Any]]:
    policy = Policy.objects.filter(hub=hub, active=True, deleted_at__isnull=True).first()
    return policy, (policy.spec if policy else policies.default_spec())


def _open_leg(
    event: Event, unit: Unit, hub: Unit, channel: Channel, clock_from: datetime.datetime, lower: Leg | None = None
) -> Leg:
    policy, spec = active_spec(hub)
    rules = policies.rules_for(spec, event.severity, event.sensitive)
    leg = Leg.objects.create(
        event=event, unit=unit, hub=hub, channel=channel, lower=lower, policy=policy, rules=rules, clock_from=clock_from
    )
    deadlines.open_first(leg, timezone.now())
    return leg


def _tell_hub(leg: Leg, message: str) -> None:
    values = {"unit": leg.unit.name, "sev": leg.event.get_severity_display()}
    notify(
        audiences.watchers(leg.hub_id),
        "urgent.event",
        message % {**values, "title": leg.event.title},
        url=_url(leg.event),
        email_text=message % {**values, "title": leg.event.public_title},
    )


def reporting_hubs(unit: Unit) -> list[UnitChannel]:
    """The hubs a unit reports to, one per channel (the same hub once)."""
    seen: dict[int, UnitChannel] = {}
    for link in org_queries.reporting_links(unit).order_by("channel__order", "channel_id"):
        if link.hub_id is not None:  # reporting_links has only links with a hub
            seen.setdefault(link.hub_id, link)
    return list(seen.values())


def may_take_call(user: User | None, unit: Unit) -> bool:
    """A hub's duty officer or section logs a phone call from one of its reporting units."""
    return any(duties.can_watch_urgent(user, link.hub_id) for link in reporting_hubs(unit))


@write_action
def log_event(
    user: User | None,
    *,
    unit: Unit,
    title: str,
    event_type: str,
    severity: str,
    place: str,
    occurred_at: datetime.datetime,
    known_at: datetime.datetime | None = None,
    sensitive: bool = False,
    source: str = "",
    summary: str = "",
    intake: str = "",
    vertical_line: str = "",
    caller: str = "",
    called_at: datetime.datetime | None = None,
) -> Event:
    """快报: open an event in seconds. The quick log is itself the unit's first (phone) report of what is
    known; the hub's duty officer may log the call of a unit that phoned in."""
    duties.require(
        duties.can_report_urgent(user, unit) or may_take_call(user, unit),
        _("只有本单位信息员、签发人、值班员或其接报单位的值班人员可以登记紧急信息。"),
    )
    now = timezone.now()
    if not title.strip():
        raise DomainError(_("请填写事件名称。"), field="title")
    if not place.strip():
        raise DomainError(_("请填写事发地点。"), field="place")
    if event_type not in EventType.values:
        raise DomainError(_("请选择事件类型。"), field="event_type")
    if severity not in Severity.values:
        raise DomainError(_("请选择事件等级。"), field="severity")
    occurred_at = _moment(occurred_at, now, _("事发时间"), "occurred_at")
    called_at = _moment(called_at, now, _("来电时间"), "called_at")
    # Not given: the unit knew at the latest when it reported.
    known_at = _moment(known_at or called_at, now, _("获知时间"), "known_at")
    if known_at < occurred_at:
        raise DomainError(_("获知时间不能早于事发时间。"), field="known_at")
    if called_at < known_at:
        raise DomainError(_("报告时间不能早于获知时间。"), field="called_at")
    links = reporting_hubs(unit)
    if not links:
        raise DomainError(_("本单位没有接报单位，无法报送紧急信息。"))
    event = Event.objects.create(
        unit=unit,
        title=title.strip()[:120],
        event_type=event_type,
        severity=severity,
        sensitive=sensitive,
        place=place.strip()[:200],
        occurred_at=occurred_at,
        known_at=known_at,
        source=source.strip()[:200],
        summary=summary.strip(),
        intake=intake.strip()[:60],
        vertical_line=vertical_line.strip()[:120],
        created_by=user,
    )
    legs = []
    for link in links:
        hub = link.hub  # reporting_links keeps only links with a hub, and selects it
        if hub is None:
            continue
        spec_clock = active_spec(hub)[1]["clock"]
        legs.append(_open_leg(event, unit, hub, link.channel, occurred_at if spec_clock == "occurred" else known_at))
    first = {
        "received_at": timezone.localtime(called_at).strftime("%Y-%m-%d %H:%M"),
        "source": event.source,
        "occurred": timezone.localtime(occurred_at).strftime("%Y-%m-%d %H:%M"),
        "place": event.place,
        "nature": summary.strip()[:2000],
    }
    report = Report.objects.create(
        event=event,
        unit=unit,
        stage=Stage.INITIAL,
        mode=Mode.PHONE,
        elements=elements.clean(Stage.INITIAL, first),
        text=summary.strip(),
        state=ReportState.SENT,
        created_by=user,
        caller=caller.strip()[:60],
        reported_at=called_at,
    )
    record(user, "urgent.log_event", event, new={"severity": severity, "legs": [leg.hub_id for leg in legs]})
    deadlines.report_arrived(report)
    for leg in legs:
        _tell_hub(leg, _("新紧急信息：%(unit)s报告《%(title)s》（%(sev)s），请关注时限。"))
    return event


def _live_legs_of(event: Event, unit: Unit | int) -> list[Leg]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return list(event.legs.filter(unit_id=unit_id, closed_at__isnull=True).select_related("hub", "unit"))


def _may_record_phone(user: User | None, event: Event, unit: Unit) -> bool:
    return duties.can_report_urgent(user, unit) or any(
        duties.can_watch_urgent(user, leg.hub_id) for leg in _live_legs_of(event, unit)
    )


@write_action
def file_report(
    user: User | None,
    event: Event,
    *,
    unit: Unit,
    stage: str,
    mode: str,
    data: dict[str, Any],
    text: str = "",
    caller: str = "",
    called_at: datetime.datetime | None = None,
    sign: bool = False,
    copied_from: Report | None = None,
) -> Report:
    """A report of ``unit`` on the event: a phone report counts when the call was made; a written one
    is a draft until it is signed (``sign``: the signer files and signs at once)."""
    if mode == Mode.PHONE:
        duties.require(_may_record_phone(user, event, unit), _("只有报告单位或接报单位的值班人员可以登记电话报告。"))
    else:
        duties.require(duties.can_report_urgent(user, unit), _("只有本单位人员可以起草书面报告。"))
    if stage not in Stage.values or mode not in Mode.values:
        raise DomainError(_("请选择报告阶段和方式。"), field="stage")
    event_next(event.state, EventAction.REPORT if stage != Stage.FINAL else EventAction.FINAL)
    if not _live_legs_of(event, unit):
        raise DomainError(_("本单位在此事件中没有待报的报送环节。"))
    if (
        stage != Stage.INITIAL
        and not event.reports.filter(unit=unit, stage=Stage.INITIAL, mode=Mode.WRITTEN, state=ReportState.SENT).exists()
    ):
        raise DomainError(_("请先报送书面初报，再报续报或终报。"), field="stage")
    values = elements.clean(stage, data)
    if not text.strip() and not any(values.values()):
        raise DomainError(_("请至少填写一项报告内容。"), field="text")
    now = timezone.now()
    report = Report.objects.create(
        event=event,
        unit=unit,
        stage=stage,
        mode=mode,
        elements=values,
        text=text.strip(),
        created_by=user,
        caller=caller.strip()[:60],
        copied_from=copied_from,
    )
    record(user, "urgent.file_report", report, new={"stage": stage, "mode": mode})
    if mode == Mode.PHONE:
        report.reported_at = _moment(called_at, now, _("来电时间"), "called_at")
        report.state = ReportState.SENT
        report.save(update_fields=["reported_at", "state"])
        deadlines.report_arrived(report)
    elif sign:
        _sign(user, report)
    else:
        text_ = _("紧急信息待签发：%(unit)s《%(title)s》的书面%(stage)s已起草，请尽快签发。")
        values_ = {"unit": unit.name, "stage": report.stage_label}
        notify(
            audiences.signers(unit.pk),
            "urgent.sign",
            text_ % {**values_, "title": event.title},
            url=_url(event),
            email_text=text_ % {**values_, "title": event.public_title},
        )
    return report


def _sign(user: User | None, report: Report) -> Report:
    duties.require(duties.can_sign_urgent(user, report.unit_id), _("只有本单位签发人可以签发紧急信息报告。"))
    report.state = report_next(report.state, ReportAction.SIGN)
    event = report.event
    if report.stage == Stage.FINAL:
        earlier = event.reports.filter(unit=report.unit, state=ReportState.SENT).values_list("elements", flat=True)
        gaps = elements.missing_for_final(list(earlier), report.elements)
        if gaps:
            raise DomainError(_("终报须补齐全部要素，尚缺：%(g)s。") % {"g": "、".join(gaps)})
    if report.stage == Stage.FOLLOWUP:
        report.number = event.reports.filter(unit=report.unit, stage=Stage.FOLLOWUP, state=ReportState.SENT).count() + 1
    report.signed_by = user
    report.reported_at = timezone.now()
    report.save(update_fields=["state", "number", "signed_by", "reported_at"])
    record(user, "urgent.sign_report", report, new={"stage": report.stage, "number": report.number})
    deadlines.report_arrived(report)
    legs = _live_legs_of(event, report.unit_id)
    for leg in legs:
        _tell_hub(leg, _("紧急信息：%(unit)s报来《%(title)s》") + str(report.stage_label) + "。")
    if report.stage == Stage.FINAL:
        for leg in legs:
            deadlines.waive_all(leg)
            leg.closed_at = report.reported_at
            leg.save(update_fields=["closed_at"])
        if report.unit_id == event.unit_id:
            event.state = event_next(event.state, EventAction.FINAL)
            event.save(update_fields=["state"])
    return report


@write_action
def sign_report(user: User | None, report: Report) -> Report:
    return _sign(user, report)


@write_action
def discard_report(user: User | None, report: Report) -> Report:
    duties.require(duties.can_report_urgent(user, report.unit_id), _("只有本单位人员可以删除报告草稿。"))
    report.state = report_next(report.state, ReportAction.DISCARD)
    report.save(update_fields=["state"])
    record(user, "urgent.discard_report", report)
    return report


@write_action
def mark_handled(user: User | None, event: Event, handled_at: datetime.datetime | None = None) -> Event:
    """处置结束: 续报 stop being due; each leg's 终报 falls due by its policy."""
    duties.require(
        duties.can_report_urgent(user, event.unit_id)
        or any(duties.can_judge_urgent(user, leg.hub_id) for leg in event.legs.all()),
        _("只有报告单位或接报单位可以登记处置结束。"),
    )
    now = timezone.now()
    event.state = event_next(event.state, EventAction.HANDLE)
    event.handled_at = _moment(handled_at, now, _("处置结束时间"), "handled_at")
    if event.handled_at < event.occurred_at:
        raise DomainError(_("处置结束时间不能早于事发时间。"), field="handled_at")
    event.save(update_fields=["state", "handled_at"])
    for leg in event.legs.filter(closed_at__isnull=True).select_related("event", "unit", "hub"):
        deadlines.handled(leg, event.handled_at)
    record(user, "urgent.mark_handled", event, new={"handled_at": event.handled_at.isoformat()})
    return event


@write_action
def cancel_event(user: User | None, event: Event, reason: str) -> Event:
    """撤销 an event logged by mistake (a duplicate, a wrong unit): every deadline and reminder stops."""
    duties.require(
        duties.can_sign_urgent(user, event.unit_id)
        or any(duties.can_judge_urgent(user, leg.hub_id) for leg in event.legs.all()),
        _("只有报告单位签发人或接报单位可以撤销事件。"),
    )
    if not reason.strip():
        raise DomainError(_("请填写撤销原因。"), field="reason")
    event.state = event_next(event.state, EventAction.CANCEL)
    event.cancelled_reason = reason.strip()[:200]
    event.save(update_fields=["state", "cancelled_reason"])
    for leg in event.legs.filter(closed_at__isnull=True):
        deadlines.waive_all(leg)
        leg.closed_at = timezone.now()
        leg.save(update_fields=["closed_at"])
    record(user, "urgent.cancel_event", event, new={"reason": event.cancelled_reason})
    return event


@write_action
def forward(user: User | None, leg: Leg) -> Leg:
    """转报: the receiving hub reports the event to its own upper hub (the same route as items). The upper
    hub's clock for this hub starts when this hub received the first report."""
    duties.require(duties.can_judge_urgent(user, leg.hub_id), _("只有接报单位信息科或值班人员可以向上转报。"))
    event = leg.event
    event_next(event.state, EventAction.FORWARD)
    upper = org_queries.hub_for(leg.hub, leg.channel)
    if upper is None:
        raise DomainError(_("本单位在该渠道没有上级接报单位。"))
    if event.legs.filter(hub=upper).exists():
        raise DomainError(_("已向%(h)s转报过此事件。") % {"h": upper.name})
    first = event.reports.filter(unit=leg.unit, state=ReportState.SENT).order_by("reported_at").first()
    received = first.reported_at if first is not None and first.reported_at is not None else timezone.now()
    upper_leg = _open_leg(event, leg.hub, upper, leg.channel, received, lower=leg)
    record(user, "urgent.forward", event, new={"from": leg.hub_id, "to": upper.pk})
    _tell_hub(upper_leg, _("新紧急信息：%(unit)s转报《%(title)s》（%(sev)s），请关注时限。"))
    return upper_leg


@write_action
def draft_item(user: User, event: Event) -> Item:  # an item always has an author (never the system)
    """编成信息稿: a 紧急信息 item drafted from the unit's sent reports, for the normal items flow (sign-off,
    the hub's screening, 《每日要情》…). The event keeps the link."""
    from xinbao.items.actions import create_draft

    unit_id = user.unit_id
    if unit_id is None or not duties.can_write(user, unit_id):
        raise PermissionRefused(_("只有信息员可以起草信息稿。"))
    reports = event.reports.filter(unit_id=unit_id, state=ReportState.SENT).order_by("reported_at", "id")
    if not reports:
        raise DomainError(_("本单位尚未报送此事件，无法编成信息稿。"))
    parts = []
    for report in reports:
        lines = [
            f"{label}：{report.elements[key]}"
            for key, label in elements.stage_fields(report.stage).items()
            if report.elements.get(key)
        ]
        parts.append("\n".join([f"【{report.stage_label}】", *lines, report.text]).strip())
    channels = [leg.channel for leg in event.legs.filter(unit_id=unit_id).select_related("channel")]
    item = create_draft(user, category="urgent", title=event.title[:100], body="\n\n".join(parts), channels=channels)
    event.items.add(item)
    record(user, "urgent.draft_item", event, new={"item": item.pk})
    return item


# --- Findings --------------------------------------------------------------------------------------


def _answers_to(unit: Unit | int, hub: Unit | int) -> bool:
    return UnitChannel.objects.filter(unit=unit, hub=hub).exists()


@write_action
def record_finding(
    user: User | None,
    *,
    hub: Unit,
    unit: Unit,
    kind: str,
    evidence: str,
    event: Event | None = None,
    found_on: datetime.date | None = None,
    responsible: str = "",
) -> Finding:
    """漏报/瞒报/误报, recorded by the hub with its evidence (迟报 is computed, never typed in)."""
    duties.require(duties.can_judge_urgent(user, hub), _("只有接报单位信息科或值班人员可以认定漏报、瞒报、误报。"))
    if kind not in (FindingKind.MISSED, FindingKind.CONCEALED, FindingKind.WRONG):
        raise DomainError(_("迟报由系统按时限自动认定；这里只能登记漏报、瞒报或误报。"), field="kind")
    if not _answers_to(unit, hub):
        raise DomainError(_("%(u)s不向本单位报送，不能认定。") % {"u": unit.name}, field="unit")
    if not evidence.strip():
        raise DomainError(_("请写明认定依据（如从何渠道获知、核实情况）。"), field="evidence")
    today = timezone.localdate()
    found_on = found_on or today
    if found_on > today:
        raise DomainError(_("认定日期不能晚于今天。"), field="found_on")
    finding = Finding.objects.create(
        kind=kind,
        unit=unit,
        hub=hub,
        event=event,
        found_on=found_on,
        evidence=evidence.strip(),
        responsible=responsible.strip()[:200] or "、".join(p.display_name for p in audiences.signers(unit.pk))[:200],
        recorded_by=user,
    )
    record(user, "urgent.record_finding", finding, new={"kind": kind, "unit": unit.pk})
    finding_changed.send(sender=Finding, finding=finding)
    notify(
        audiences.signers(unit.pk),
        "urgent.finding",
        _("%(hub)s认定本单位紧急信息%(kind)s，已记入考核，可在“认定记录”中说明情况。")
        % {"hub": hub.name, "kind": finding.get_kind_display()},
        url=reverse("urgent:findings"),
    )
    return finding


@write_action
def respond_finding(user: User | None, finding: Finding, text: str) -> Finding:
    duties.require(
        duties.can_sign_urgent(user, finding.unit_id) or duties.can_report_urgent(user, finding.unit_id),
        _("只有责任单位可以对认定作出说明。"),
    )
    if not text.strip():
        raise DomainError(_("请填写说明。"), field="text")
    if finding.withdrawn_at:
        raise DomainError(_("该认定已撤销。"))
    finding.response, finding.responded_by, finding.responded_at = text.strip(), user, timezone.now()
    finding.save(update_fields=["response", "responded_by", "responded_at"])
    record(user, "urgent.respond_finding", finding)
    notify(
        audiences.watchers(finding.hub_id),
        "urgent.finding",
        _("%(u)s对紧急信息%(k)s认定作出了说明。") % {"u": finding.unit.name, "k": finding.get_kind_display()},
        url=reverse("urgent:findings"),
    )
    return finding


@write_action
def withdraw_finding(user: User | None, finding: Finding, reason: str) -> Finding:
    """The hub withdraws a finding (the unit's explanation holds, a system outage): scoring drops it."""
    duties.require(duties.can_judge_urgent(user, finding.hub_id), _("只有认定单位可以撤销认定。"))
    if finding.withdrawn_at:
        raise DomainError(_("该认定已撤销。"))
    if not reason.strip():
        raise DomainError(_("请填写撤销理由。"), field="reason")
    finding.withdrawn_at, finding.withdrawn_reason = timezone.now(), reason.strip()[:200]
    finding.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    record(user, "urgent.withdraw_finding", finding, new={"reason": finding.withdrawn_reason})
    finding_changed.send(sender=Finding, finding=finding)
    return finding


@write_action
def record_circulation(
    user: User | None, finding: Finding, *, by: str, level: str, on: datetime.date | None = None
) -> Finding:
    """Record that a higher office circulated (通报) the lapse, or clear it with an empty ``by``: the
    scoring fact carries who circulated it, so rules may weigh it (``circulated_levels``)."""
    duties.require(duties.can_judge_urgent(user, finding.hub_id), _("只有认定单位可以登记通报情况。"))
    if finding.withdrawn_at:
        raise DomainError(_("该认定已撤销。"))
    old = _circulation(finding)
    by = by.strip()
    if not by:
        finding.circulated_by, finding.circulated_level, finding.circulated_on = "", "", None
    else:
        _check_circulation(by, level, on)
        finding.circulated_by, finding.circulated_level = by, level
        finding.circulated_on = on or timezone.localdate()
    finding.save(update_fields=["circulated_by", "circulated_level", "circulated_on"])
    record(user, "urgent.record_circulation", finding, old=old, new=_circulation(finding))
    finding_changed.send(sender=Finding, finding=finding)
    if by:
        notify(
            audiences.signers(finding.unit_id),
            "urgent.finding",
            _("本单位紧急信息%(kind)s已被%(by)s通报，考核按通报情况计分。")
            % {"kind": finding.get_kind_display(), "by": by},
            url=reverse("urgent:findings"),
        )
    return finding


def _circulation(finding: Finding) -> dict[str, Any]:
    on = finding.circulated_on.isoformat() if finding.circulated_on else ""
    return {"by": finding.circulated_by, "level": finding.circulated_level, "on": on}


def _check_circulation(by: str, level: str, on: datetime.date | None) -> None:
    if len(by) > 100:
        raise DomainError(_("通报机关名称不能超过100个字。"), field="by")
    if level not in LeaderLevel.values:
        raise DomainError(_("请选择通报机关的级别。"), field="level")
    if on is not None and on > timezone.localdate():
        raise DomainError(_("通报日期不能晚于今天。"), field="on")


# --- Policies ----------------------------------------------------------------------------------------


@write_action
def save_policy(user: User | None, *, hub: Unit, text: str, policy: Policy | None = None) -> Policy:
    duties.require(duties.can_manage_urgent_policy(user, hub), _("只有信息科科长或办公室主任可以设置报送时限。"))
    if not org_queries.is_hub(hub):
        raise DomainError(_("只有信息汇总单位可以设置报送时限。"))
    spec = policies.parse(text)
    if policy is None:
        policy = Policy(hub=hub, created_by=user)
    elif policy.hub_id != hub.pk or policy.deleted_at:
        raise DomainError(_("找不到这项规则。"))
    old = {"text": policy.text} if policy.pk else None
    policy.name, policy.text, policy.spec = spec["name"], text, spec
    policy.save()
    record(user, "urgent.save_policy", policy, old=old, new={"name": policy.name})
    return policy


@write_action
def activate_policy(user: User | None, policy: Policy) -> Policy:
    """The hub's one active policy applies to events opened from now on (open ones keep theirs)."""
    duties.require(
        duties.can_manage_urgent_policy(user, policy.hub_id), _("只有信息科科长或办公室主任可以设置报送时限。")
    )
    if policy.deleted_at:
        raise DomainError(_("找不到这项规则。"))
    Policy.objects.filter(hub_id=policy.hub_id, active=True).exclude(pk=policy.pk).update(active=False)
    policy.active = True
    policy.save(update_fields=["active", "updated_at"])
    record(user, "urgent.activate_policy", policy)
    return policy


@write_action
def delete_policy(user: User | None, policy: Policy) -> Policy:
    duties.require(
        duties.can_manage_urgent_policy(user, policy.hub_id), _("只有信息科科长或办公室主任可以设置报送时限。")
    )
    policy.deleted_at, policy.active = timezone.now(), False
    policy.save(update_fields=["deleted_at", "active", "updated_at"])
    record(user, "urgent.delete_policy", policy)
    return policy


@write_action
def install_examples(user: User | None, hub: Unit) -> list[Policy]:
    """Ship the example policies (docs/user/urgent.md) to the hub, inactive, for it to choose from."""
    duties.require(duties.can_manage_urgent_policy(user, hub), _("只有信息科科长或办公室主任可以设置报送时限。"))
    made = []
    existing = set(Policy.objects.filter(hub=hub, deleted_at__isnull=True).values_list("name", flat=True))
    for text in policies.example_texts().values():
        spec = policies.parse(text)
        if spec["name"] in existing:
            continue
        made.append(Policy.objects.create(hub=hub, name=spec["name"], text=text, spec=spec, created_by=user))
    record(user, "urgent.install_examples", hub, new={"count": len(made)})
    return made


# --- Duty roster (值班) --------------------------------------------------------------------------------


@write_action
def add_shift(
    user: User | None, *, hub: Unit, person: User, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> Shift:
    duties.require(duties.can_manage_duty_roster(user, hub), _("只有信息科或值班人员可以排班。"))
    if person.unit_id != hub.pk or not duties.is_business_user(person):
        raise DomainError(_("值班人员须是本单位的工作人员。"), field="person")
    if ends_at <= starts_at:
        raise DomainError(_("结束时间须晚于开始时间。"), field="ends_at")
    if ends_at - starts_at > datetime.timedelta(days=7):
        raise DomainError(_("一个班次不能超过7天。"), field="ends_at")
    shift = Shift.objects.create(hub=hub, person=person, starts_at=starts_at, ends_at=ends_at, created_by=user)
    record(user, "urgent.add_shift", shift, new={"person": person.pk, "starts_at": starts_at.isoformat()})
    return shift


@write_action
def cancel_shift(user: User | None, shift: Shift) -> Shift:
    duties.require(duties.can_manage_duty_roster(user, shift.hub_id), _("只有信息科或值班人员可以排班。"))
    if shift.cancelled_at is None:
        shift.cancelled_at = timezone.now()
        shift.save(update_fields=["cancelled_at"])
        record(user, "urgent.cancel_shift", shift)
    return shift


@write_action
def write_handover(user: User | None, shift: Shift, text: str) -> Shift:
    """交接班记录: the person on the shift (or the roster's keepers) writes what the next one must know."""
    duties.require(
        (user is not None and user.pk == shift.person_id) or duties.can_manage_duty_roster(user, shift.hub_id),
        _("只有当班人员可以填写交接班记录。"),
    )
    if not text.strip():
        raise DomainError(_("请填写交接班记录。"), field="handover")
    shift.handover = text.strip()
    shift.save(update_fields=["handover"])
    record(user, "urgent.write_handover", shift)
    return shift
