"""An event's whole record: the timeline (reports, reminders, escalations, findings) shown on its page,
and the Word document for the file (core.documents, the office layout)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core import documents

from . import elements, queries
from .models import Event, Leg, Report, ReportState


@dataclass
class Moment:
    at: datetime.datetime
    what: str
    detail: str = ""
    kind: str = ""  # report, reminder, escalation, finding, event


def timeline(event: Event, legs: list[Leg], reports: list[Report]) -> list[Moment]:
    units = {leg.unit_id: leg.unit.name for leg in legs} | {leg.hub_id: leg.hub.name for leg in legs}
    moments = [Moment(event.created_at, _("登记事件"), event.get_severity_display(), "event")]
    for report in reports:
        if report.state != ReportState.SENT or report.reported_at is None:
            continue
        who = units.get(report.unit_id, "")
        signer = _("，签发：%(s)s") % {"s": report.signed_by.display_name} if report.signed_by else ""
        moments.append(
            Moment(
                report.reported_at,
                f"{who}{report.stage_label}（{report.get_mode_display()}）",
                signer.lstrip("，"),
                "report",
            )
        )
    for reminder in queries.reminders_of(event):
        if reminder.sent_at:
            kind = "escalation" if reminder.kind == "urgent.escalation" else "reminder"
            moments.append(
                Moment(reminder.sent_at, reminder.text, _("已发送%(n)s人") % {"n": len(reminder.sent_to or [])}, kind)
            )
    for finding in event.findings.all():
        late = _("（%(m)s分钟）") % {"m": finding.minutes_late} if finding.minutes_late else ""
        withdrawn = _("（已撤销）") if finding.withdrawn_at else ""
        moments.append(
            Moment(
                finding.recorded_at,
                f"{units.get(finding.unit_id, '')}{finding.get_kind_display()}{late}{withdrawn}",
                finding.evidence,
                "finding",
            )
        )
    if event.handled_at:
        moments.append(Moment(event.handled_at, _("处置结束"), "", "event"))
    return sorted(moments, key=lambda m: m.at)


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def docx(event: Event, legs: list[Leg], reports: list[Report], moments: list[Moment]) -> bytes:
    doc = documents.new_document()
    documents.title(doc, _("紧急信息报送记录"))
    documents.heading(doc, _("一、事件基本情况"))
    facts = [
        (_("事件名称"), event.title),
        (_("报告单位"), event.unit.name),
        (_("事件类型"), event.get_event_type_display()),
        (_("事件等级"), event.get_severity_display() + (_("（敏感事件）") if event.sensitive else "")),
        (_("事发地点"), event.place),
        (_("事发时间"), _when(event.occurred_at)),
        (_("获知时间"), _when(event.known_at)),
        (_("信息来源"), event.source),
        (_("状态"), event.get_state_display()),
    ]
    documents.table(doc, [_("项目"), _("内容")], [(str(k), str(v)) for k, v in facts])
    documents.heading(doc, _("二、报送环节与时限"))
    rows = []
    for leg in legs:
        for deadline in leg.deadlines.all():
            finding = getattr(deadline, "finding", None)
            late = _("迟报%(m)s分钟") % {"m": finding.minutes_late} if finding and finding.minutes_late else ""
            rows.append(
                (
                    f"{leg.unit.name}→{leg.hub.name}",
                    deadline.label,
                    _when(deadline.due_at),
                    _when(deadline.met_at) if deadline.state == "met" else deadline.get_state_display(),
                    late,
                )
            )
    documents.table(
        doc, [_("环节"), _("时限"), _("截止时间"), _("报告时间"), _("迟报")], rows or [("—", "", "", "", "")]
    )
    documents.heading(doc, _("三、各阶段报告"))
    for report in reports:
        head = f"{report.unit.name}{report.stage_label}（{report.get_mode_display()}，{_when(report.reported_at)}"
        head += _("，签发：%(s)s）") % {"s": report.signed_by.display_name} if report.signed_by else "）"
        documents.heading(doc, head, level=2)
        for key, label in elements.stage_fields(report.stage).items():
            value = report.elements.get(key, "")
            if value:
                documents.body(doc, f"{label}：{value}")
        if report.text:
            documents.body(doc, report.text)
    documents.heading(doc, _("四、提醒、催报与认定"))
    documents.table(
        doc,
        [_("时间"), _("事项"), _("说明")],
        [(_when(m.at), m.what, m.detail) for m in moments if m.kind in ("reminder", "escalation", "finding")]
        or [("—", _("无"), "")],
    )
    return documents.to_bytes(doc)
