"""API endpoints for units and people; the same queries and actions as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import actions, queries
from .models import Unit

router = Router(tags=["单位与人员"])


class UnitOut(Schema):
    id: int
    name: str
    code: str
    level: str
    kind: str
    parent_id: int | None
    depth: int


class UnitIn(Schema):
    name: str
    code: str
    parent_id: int | None = None
    level: str = "county"
    kind: str = "department"


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    unit_id: int | None
    roles: list[str]

    @staticmethod
    def resolve_roles(obj) -> list[str]:  # type: ignore[no-untyped-def]
        return sorted(r.role for r in obj.roles.all())


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=50)
def list_units(request: HttpRequest, q: str = "", under: int | None = None):  # type: ignore[no-untyped-def]
    root = get_object_or_404(queries.visible_units(request.user), pk=under) if under else None
    return queries.unit_list(request.user, under=root, search=q)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(queries.visible_units(request.user), pk=unit_id)


@router.post("/units", response={201: UnitOut})
def create_unit(request: HttpRequest, payload: UnitIn):  # type: ignore[no-untyped-def]
    parent = get_object_or_404(Unit.objects.alive(), pk=payload.parent_id) if payload.parent_id else None
    unit = actions.create_unit(
        request.user, name=payload.name, code=payload.code, parent=parent, level=payload.level, kind=payload.kind
    )
    return 201, unit


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def list_people(request: HttpRequest, q: str = "", role: str = ""):  # type: ignore[no-untyped-def]
    return queries.people_list(request.user, search=q, role=role)
