"""The urgent app's rows of the access matrix and its objects in the matrix's world.

The world's event: 城关镇 (officer, signer) logged it; it reached the county party hub (county staff,
county_leader) and the county government hub (county_gov_editor), because 城关镇 reports in both channels."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from .routes import COUNTY_READERS, Route, api, const, page, pk, post
from .world import BUSINESS, COUNTY_SENIORS, COUNTY_STAFF, HUB_STAFF, TOWNSHIP, World

WATCHERS = HUB_STAFF | {"county_leader", "city_leader", "duty"}  # hub boards: section, duty officers, leaders
JUDGES = HUB_STAFF | {"duty"}
EVENT_READERS = TOWNSHIP | COUNTY_READERS | {"county_gov_editor"}
SENIORS = COUNTY_SENIORS | {"city_chief", "city_director"}


def build_urgent(w: World, city: Any) -> None:
    from xinbao.urgent import actions
    from xinbao.urgent.models import FindingKind, Mode, Stage

    o = w.objects
    now = timezone.now()
    event = actions.log_event(
        city.officer,
        unit=city.township,
        title="城关镇化工厂火灾",
        event_type="accident",
        severity="II",
        place="城关镇工业园",
        occurred_at=now - datetime.timedelta(minutes=10),
    )
    o["urgent_event"] = event
    o["urgent_leg"] = event.legs.get(hub=city.county_hub)
    o["urgent_draft"] = actions.file_report(
        city.officer, event, unit=city.township, stage=Stage.INITIAL, mode=Mode.WRITTEN, data={"nature": "火灾"}
    )
    o["urgent_finding"] = actions.record_finding(
        city.county_editor, hub=city.county_hub, unit=city.township, kind=FindingKind.MISSED, evidence="媒体报道"
    )
    o["urgent_policy"] = actions.install_examples(city.county_chief, city.county_hub)[0]
    o["urgent_shift"] = actions.add_shift(
        city.county_chief,
        hub=city.county_hub,
        person=city.county_editor,
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=8),
    )


POLICY_TEXT = "name: 测试规则\nlevels: {any: {written: 30}}\n"

URGENT_ROUTES: list[Route] = [
    page("urgent:index", BUSINESS),
    page(
        "urgent:new",
        BUSINESS,
        writers=BUSINESS,
        method="POST",
        payload=const(
            {"title": "x", "event_type": "accident", "severity": "IV", "place": "y", "occurred_at": "2026-01-01T08:00"}
        ),
    ),
    page("urgent:board", WATCHERS),
    page("urgent:board_rows", WATCHERS),
    page("urgent:duty", WATCHERS),
    page("urgent:event", EVENT_READERS, pk("urgent_event")),
    page("urgent:record", EVENT_READERS, pk("urgent_event")),
    page(
        "urgent:report",
        TOWNSHIP,
        pk("urgent_event"),
        writers=TOWNSHIP,
        method="POST",
        payload=const({"stage": "initial", "text": "情况"}),
    ),
    post("urgent:handled", pk("urgent_event"), writers=TOWNSHIP | COUNTY_STAFF | {"county_gov_editor"}),
    post(
        "urgent:cancel",
        pk("urgent_event"),
        writers={"signer"} | COUNTY_STAFF | {"county_gov_editor"},
        payload=const({"reason": "重复"}),
    ),
    post("urgent:forward", pk("urgent_event"), writers=COUNTY_STAFF, payload=lambda w: {"leg": w.urgent_leg.pk}),
    post("urgent:sign", pk("urgent_draft"), writers={"signer"}),
    post("urgent:draft_item", pk("urgent_event"), writers={"officer"}),
    post("urgent:discard", pk("urgent_draft"), writers=TOWNSHIP),
    page("urgent:findings", BUSINESS),
    page("urgent:finding_new", JUDGES, writers=JUDGES, method="POST", payload=const({"kind": "missed"})),
    post("urgent:finding_respond", pk("urgent_finding"), writers=TOWNSHIP, payload=const({"text": "说明"})),
    post("urgent:finding_withdraw", pk("urgent_finding"), writers=COUNTY_STAFF, payload=const({"reason": "核实"})),
    post(
        "urgent:finding_circulate",
        pk("urgent_finding"),
        writers=COUNTY_STAFF,
        payload=const({"by": "江南省委办公厅", "level": "province"}),
    ),
    page("urgent:policies", WATCHERS),
    page("urgent:policy_new", SENIORS, writers=SENIORS, method="POST", payload=const({"text": POLICY_TEXT})),
    page(
        "urgent:policy_edit",
        COUNTY_SENIORS,
        pk("urgent_policy"),
        writers=COUNTY_SENIORS,
        method="POST",
        payload=const({"text": POLICY_TEXT}),
    ),
    post("urgent:policy_activate", pk("urgent_policy"), writers=COUNTY_SENIORS),
    post("urgent:policy_delete", pk("urgent_policy"), writers=COUNTY_SENIORS),
    post("urgent:policy_examples", writers=SENIORS),
    page(
        "urgent:roster",
        WATCHERS,
        writers=JUDGES,
        method="POST",
        payload=lambda w: {
            "person": w.urgent_shift.person_id,
            "starts_at": "2026-06-01T08:00",
            "ends_at": "2026-06-01T20:00",
        },
    ),
    post("urgent:shift_cancel", pk("urgent_shift"), writers=COUNTY_STAFF),
    post("urgent:handover", pk("urgent_shift"), writers=COUNTY_STAFF, payload=const({"handover": "无异常"})),
    api("xinbao_urgent_api_events", "GET", "/api/urgent/events", BUSINESS),
    api("xinbao_urgent_api_event_detail", "GET", "/api/urgent/events/{e}", EVENT_READERS, e=pk("urgent_event")),
    api("xinbao_urgent_api_findings", "GET", "/api/urgent/findings", BUSINESS),
]
