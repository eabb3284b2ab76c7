"""API endpoints for units and people: the same queries, permissions and actions as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import ApiPagination

from . import actions, queries
from .models import Unit, User
from .permissions import require_people_reader

router = Router(tags=["单位与人员"])


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    level: str
    kind: str
    parent_id: int | None
    depth: int
    path: str


class UnitIn(Schema):
    name: str
    code: str
    parent_id: int | None = None
    short_name: str = ""
    level: str = "county"
    kind: str = "department"


class UnitPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    code: str | None = None
    level: str | None = None
    kind: str | None = None
    order: int | None = None


class MoveIn(Schema):
    parent_id: int | None
    reason: str = ""


class PersonOut(Schema):
    id: int
    username: str
    display_name: str
    unit_id: int | None
    phone: str
    title: str
    is_active: bool
    roles: list[str]

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(r.role for r in obj.roles.all())


class PersonIn(Schema):
    username: str
    display_name: str
    unit_id: int
    phone: str = ""
    title: str = ""
    roles: list[str] = []


class PersonCreated(Schema):
    person: PersonOut
    # The one-time link for the owner to set their password (no password is ever returned).
    set_password_url: str


class RoleIn(Schema):
    role: str


def _unit(request: AuthedRequest, unit_id: int) -> Unit:
    return get_object_or_404(queries.visible_units(request.user), pk=unit_id)


def _person(request: AuthedRequest, person_id: int) -> User:
    require_people_reader(request.user)
    return get_object_or_404(queries.people_list(request.user, status="all"), pk=person_id)


@router.get("/units", response=list[UnitOut])
@paginate(ApiPagination, page_size=50)
def list_units(request: AuthedRequest, q: str = "", under: int | None = None, kind: str = "", level: str = ""):
    root = _unit(request, under) if under else None
    return queries.unit_list(request.user, under=root, search=q, kind=kind, level=level)


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: AuthedRequest, unit_id: int):
    return _unit(request, unit_id)


@router.post("/units", response={201: UnitOut})
def create_unit(request: AuthedRequest, payload: UnitIn):
    parent = _unit(request, payload.parent_id) if payload.parent_id else None
    data = payload.dict(exclude={"parent_id"})
    unit = actions.create_unit(request.user, parent=parent, **data)
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=UnitOut)
def update_unit(request: AuthedRequest, unit_id: int, payload: UnitPatch):
    return actions.update_unit(request.user, _unit(request, unit_id), **payload.dict(exclude_none=True))


@router.post("/units/{unit_id}/move", response=UnitOut)
def move_unit(request: AuthedRequest, unit_id: int, payload: MoveIn):
    parent = _unit(request, payload.parent_id) if payload.parent_id else None
    return actions.move_unit(request.user, _unit(request, unit_id), parent, payload.reason)


@router.delete("/units/{unit_id}", response={204: None})
def delete_unit(request: AuthedRequest, unit_id: int):
    actions.delete_unit(request.user, _unit(request, unit_id))
    return Status(204, None)


@router.get("/people", response=list[PersonOut])
@paginate(ApiPagination, page_size=50)
def list_people(request: AuthedRequest, q: str = "", role: str = "", unit: int | None = None):
    require_people_reader(request.user)
    under = _unit(request, unit) if unit else None
    return queries.people_list(request.user, search=q, role=role, unit=under)


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: AuthedRequest, person_id: int):
    return _person(request, person_id)


@router.post("/people", response={201: PersonCreated})
def create_person(request: AuthedRequest, payload: PersonIn):
    unit = _unit(request, payload.unit_id)
    data = payload.dict(exclude={"unit_id", "username", "display_name", "roles"})
    person, path = actions.create_person(
        request.user,
        username=payload.username,
        display_name=payload.display_name,
        unit=unit,
        roles=payload.roles,
        **data,
    )
    return Status(201, {"person": queries.load_user(person.pk), "set_password_url": request.build_absolute_uri(path)})


@router.post("/people/{person_id}/roles", response=PersonOut)
def grant_role(request: AuthedRequest, person_id: int, payload: RoleIn):
    person = _person(request, person_id)
    actions.grant_role(request.user, person, payload.role)
    return queries.load_user(person.pk)


@router.delete("/people/{person_id}/roles/{role}", response=PersonOut)
def revoke_role(request: AuthedRequest, person_id: int, role: str):
    person = _person(request, person_id)
    actions.revoke_role(request.user, person, role)
    return queries.load_user(person.pk)
