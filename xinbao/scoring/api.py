"""API: rule sets, rankings and a unit's ledger — the same queries and permissions as the pages."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import ApiPagination
from xinbao.orgs.models import Unit

from . import actions, periods, queries
from .models import RuleSet, ScoreEntry
from .periods import Period

router = Router(tags=["考核"])


class RuleSetOut(Schema):
    id: int
    name: str
    hub_id: int
    channel_id: int
    active_version: int | None

    @staticmethod
    def resolve_active_version(obj: RuleSet) -> int | None:
        return obj.active_version.number if obj.active_version else None


class RankOut(Schema):
    rank: int
    unit_id: int
    name: str
    class_name: str
    total: Decimal
    below_pass: bool
    disqualified: bool = False

    @staticmethod
    def resolve_disqualified(obj: queries.RankRow) -> bool:
        return bool(obj.extra.get("disqualified"))


class EntryOut(Schema):
    on: str
    rule_key: str
    points: Decimal
    explanation: str
    person_id: int | None
    source_type: str
    source_id: int | None
    item_id: int | None

    @staticmethod
    def resolve_on(obj: ScoreEntry) -> str:
        return obj.on.isoformat()


class VersionIn(Schema):
    text: str
    note: str = ""


def _rule_set(request: AuthedRequest, pk: int) -> RuleSet:
    return get_object_or_404(queries.visible_rule_sets(request.user), pk=pk)


def _period(code: str) -> Period:
    period = periods.parse(code)
    if period is None:
        raise DomainError("时间段无法识别（如 2026、2026Q1、2026-03、2026-01-01..2026-06-30）。", field="period")
    return period


@router.get("/rule-sets", response=list[RuleSetOut])
def list_rule_sets(request: AuthedRequest) -> list[RuleSet]:
    return list(queries.visible_rule_sets(request.user))


@router.post("/rule-sets/{pk}/versions", response={201: dict})
def save_version(request: AuthedRequest, pk: int, payload: VersionIn) -> tuple[int, dict[str, int]]:
    version = actions.save_version(request.user, _rule_set(request, pk), text=payload.text, note=payload.note)
    return 201, {"number": version.number}


@router.get("/rule-sets/{pk}/rankings", response=list[RankOut])
def rankings(request: AuthedRequest, pk: int, period: str, class_name: str | None = None) -> list[queries.RankRow]:
    rule_set = _rule_set(request, pk)
    if not queries.can_view_rankings(request.user, rule_set):
        raise PermissionRefused("您无权查看该排名。")
    span = _period(period)
    return queries.unit_ranking(rule_set, span.start, span.end, class_name=class_name)


@router.get("/rule-sets/{pk}/units/{unit_id}/entries", response=list[EntryOut])
@paginate(ApiPagination, page_size=100)
def unit_entries(request: AuthedRequest, pk: int, unit_id: int, period: str, rule: str = "") -> QuerySet[ScoreEntry]:
    rule_set = _rule_set(request, pk)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not queries.can_view_unit(request.user, rule_set, unit):
        raise PermissionRefused("您无权查看该单位的得分明细。")
    span = _period(period)
    return queries.unit_entries(rule_set, unit, span.start, span.end, rule_key=rule)
