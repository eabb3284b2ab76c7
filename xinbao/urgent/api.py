"""API of urgent information: events and findings, scoped like the pages (read only; writes go
through the pages, where sign-off happens)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import ApiPagination

from . import queries
from .models import Event, Finding

router = Router(tags=["紧急信息"])


class EventOut(Schema):
    id: int
    title: str
    unit_id: int
    event_type: str
    severity: str
    sensitive: bool
    place: str
    occurred_at: datetime.datetime
    known_at: datetime.datetime
    state: str
    next_due: datetime.datetime | None = None


class DeadlineOut(Schema):
    kind: str
    number: int
    label: str
    due_at: datetime.datetime
    state: str
    met_at: datetime.datetime | None
    minutes_late: int | None


class LegOut(Schema):
    unit_id: int
    hub_id: int
    channel_id: int
    clock_from: datetime.datetime
    policy: str
    closed_at: datetime.datetime | None
    deadlines: list[DeadlineOut]


class ReportOut(Schema):
    unit_id: int
    stage: str
    label: str
    mode: str
    reported_at: datetime.datetime | None
    elements: dict[str, str]
    text: str


class EventDetailOut(EventOut):
    legs: list[LegOut]
    reports: list[ReportOut]


class FindingOut(Schema):
    id: int
    kind: str
    unit_id: int
    hub_id: int
    event_id: int | None
    minutes_late: int | None
    found_on: datetime.date
    evidence: str
    response: str
    withdrawn: bool

    @staticmethod
    def resolve_withdrawn(obj: Finding) -> bool:
        return obj.withdrawn_at is not None


@router.get("/events", response=list[EventOut], summary="紧急事件（本单位报告的、本单位接报的）")
@paginate(ApiPagination)
def events(request: AuthedRequest, state: str = "", severity: str = "") -> QuerySet[Event]:
    return queries.event_list(request.user, state=state, severity=severity)


@router.get("/events/{event_id}", response=EventDetailOut, summary="一个事件：报送环节、时限和已报送的报告")
def event_detail(request: AuthedRequest, event_id: int) -> dict[str, Any]:
    event: Event | None = queries.event_for(request.user, event_id)
    if event is None:
        raise Http404
    legs = [
        {
            "unit_id": leg.unit_id,
            "hub_id": leg.hub_id,
            "channel_id": leg.channel_id,
            "clock_from": leg.clock_from,
            "policy": leg.rules.get("policy_name", ""),
            "closed_at": leg.closed_at,
            "deadlines": [
                {
                    "kind": d.kind,
                    "number": d.number,
                    "label": d.label,
                    "due_at": d.due_at,
                    "state": d.state,
                    "met_at": d.met_at,
                    "minutes_late": getattr(getattr(d, "finding", None), "minutes_late", None),
                }
                for d in leg.deadlines.all()
            ],
        }
        for leg in queries.legs_of(event)
    ]
    reports = [
        {
            "unit_id": r.unit_id,
            "stage": r.stage,
            "label": r.stage_label,
            "mode": r.mode,
            "reported_at": r.reported_at,
            "elements": r.elements,
            "text": r.text,
        }
        for r in queries.reports_of(event, request.user)
        if r.state == "sent"
    ]
    fields = {f: getattr(event, f) for f in EventOut.model_fields if f != "next_due"}
    return {**fields, "unit_id": event.unit_id, "legs": legs, "reports": reports}


@router.get("/findings", response=list[FindingOut], summary="迟报、漏报、瞒报、误报认定")
@paginate(ApiPagination)
def findings(request: AuthedRequest, kind: str = "") -> QuerySet[Finding]:
    rows = queries.visible_findings(request.user).order_by("-found_on", "-id")
    return rows.filter(kind=kind) if kind else rows
