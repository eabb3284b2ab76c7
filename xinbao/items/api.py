"""API endpoints for the whole item lifecycle: the same queries and actions (and so the same
permissions) as the pages. Submitting names channels only — never a hub — so 越级 is impossible."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import MAX_API_PAGE
from xinbao.orgs.models import Channel, Unit

from . import actions, queries
from .limits import ITEM_BODY_MAX, ITEM_TITLE_MAX
from .models import Adoption, Item, ItemVersion, Submission

router = Router(tags=["信息"])


class ItemOut(Schema):
    id: int
    unit_id: int
    author_id: int
    category: str
    title: str
    state: str
    tone: str
    item_type: str
    classification: str
    created_at: datetime.datetime
    submitted_at: datetime.datetime | None


class ItemIn(Schema):
    category: str
    title: str = Field(max_length=ITEM_TITLE_MAX)
    body: str = Field("", max_length=ITEM_BODY_MAX)
    writer_name: str = ""
    writer_phone: str = ""
    tone: str = "neutral"
    angle: str = ""
    domain: str = ""
    item_type: str = "text"
    classification: str = "internal"
    readers: str = ""
    co_unit_ids: list[int] = []


class ItemPatch(Schema):
    category: str | None = None
    title: str | None = Field(None, max_length=ITEM_TITLE_MAX)
    body: str | None = Field(None, max_length=ITEM_BODY_MAX)
    writer_name: str | None = None
    writer_phone: str | None = None
    tone: str | None = None
    angle: str | None = None
    domain: str | None = None
    item_type: str | None = None
    classification: str | None = None
    readers: str | None = None


class SubmitIn(Schema):
    channels: list[str]


class ReasonIn(Schema):
    reason: str = ""
    revision: int | None = None


class DecisionIn(Schema):
    revision: int | None = None


class EditIn(Schema):
    title: str = Field(max_length=ITEM_TITLE_MAX)
    body: str = Field(max_length=ITEM_BODY_MAX)
    note: str = ""
    revision: int | None = None


class MergeIn(Schema):
    submission_ids: list[int]
    title: str = Field(max_length=ITEM_TITLE_MAX)
    body: str = Field(max_length=ITEM_BODY_MAX)
    note: str = ""


class SubmissionOut(Schema):
    id: int
    item_id: int
    hub_id: int
    channel_id: int
    from_unit_id: int
    origin_unit_id: int
    parent_id: int | None
    state: str
    title: str
    category: str
    tone: str
    reason: str
    revision: int
    received_at: datetime.datetime


class VersionOut(Schema):
    number: int
    title: str
    body: str
    editor_id: int
    submission_id: int | None
    created_at: datetime.datetime
    note: str
    submitted: bool


class SubmissionDetailOut(SubmissionOut):
    current: VersionOut

    @staticmethod
    def resolve_current(obj: Submission) -> ItemVersion:
        return queries.current_version(obj)


class AdoptionOut(Schema):
    id: int
    item_id: int
    adopter_name: str
    level: str
    kind: str
    issue_id: int | None
    adopted_on: datetime.date


PAGE_SIZE = 50


def _page(queryset: Any, page: int) -> dict[str, Any]:
    """``{"count": n, "items": [...]}`` like ninja's page-number pagination. (Its decorator resolves
    annotations in the wrong module under ``from __future__ import annotations``.)"""
    page = min(max(page, 1), MAX_API_PAGE)  # a huge page would overflow the database's OFFSET
    start = (page - 1) * PAGE_SIZE
    return {"count": queryset.count(), "items": list(queryset[start : start + PAGE_SIZE])}


def _item(request: AuthedRequest, item_id: int) -> Item:
    item = get_object_or_404(queries.visible_items(request.user), pk=item_id)
    versions = queries.versions_for(request.user, item)
    if versions and request.user.unit_id != item.unit_id:
        item.title = versions[-1].title  # a hub reads the text it received, never an unsent revision
    return item


def _submission(request: AuthedRequest, submission_id: int) -> Submission:
    sub = queries.visible_submission(request.user, submission_id)
    if sub is None:
        raise Http404
    return sub


def _channels(codes: list[str]) -> list[Channel]:
    found = {c.code: c for c in Channel.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DomainError(_("未知的报送渠道：%(c)s") % {"c": "、".join(missing)}, field="channels")
    return [found[c] for c in codes]


# --- The unit side ----------------------------------------------------------------------------


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


@router.get("/items", response=ItemPage)
def list_items(
    request: AuthedRequest, state: str = "", category: str = "", q: str = "", page: int = 1
) -> dict[str, Any]:
    return _page(queries.unit_items(request.user, queries.ItemFilters(state=state, category=category, q=q)), page)


@router.post("/items", response={201: ItemOut})
def create_item(request: AuthedRequest, payload: ItemIn) -> Status[Item]:
    data = payload.dict()
    co_units = list(Unit.objects.filter(pk__in=data.pop("co_unit_ids")))
    return Status(201, actions.create_draft(request.user, co_units=co_units, **data))


@router.get("/items/{item_id}", response=ItemOut)
def get_item(request: AuthedRequest, item_id: int) -> Item:
    return _item(request, item_id)


@router.patch("/items/{item_id}", response=ItemOut)
def update_item(request: AuthedRequest, item_id: int, payload: ItemPatch) -> Item:
    return actions.update_draft(request.user, _item(request, item_id), **payload.dict(exclude_none=True))


@router.delete("/items/{item_id}", response=ItemOut)
def delete_item(request: AuthedRequest, item_id: int) -> Item:
    return actions.delete_draft(request.user, _item(request, item_id))


@router.post("/items/{item_id}/submit", response=ItemOut)
def submit_item(request: AuthedRequest, item_id: int, payload: SubmitIn) -> Item:
    return actions.submit(request.user, _item(request, item_id), _channels(payload.channels))


@router.post("/items/{item_id}/recall", response=ItemOut)
def recall_item(request: AuthedRequest, item_id: int) -> Item:
    return actions.recall(request.user, _item(request, item_id))


@router.post("/items/{item_id}/sign", response=list[SubmissionOut])
def sign_item(request: AuthedRequest, item_id: int) -> list[Submission]:
    return actions.sign_off(request.user, _item(request, item_id))


@router.post("/items/{item_id}/return-signoff", response=ItemOut)
def return_signoff(request: AuthedRequest, item_id: int, payload: ReasonIn) -> Item:
    item = _item(request, item_id)
    actions.return_signoff(request.user, item, payload.reason)
    item.refresh_from_db()
    return item


@router.post("/items/{item_id}/withdraw", response=ItemOut)
def withdraw_item(request: AuthedRequest, item_id: int, payload: ReasonIn) -> Item:
    return actions.withdraw(request.user, _item(request, item_id), payload.reason)


@router.post("/items/{item_id}/resubmit", response=ItemOut)
def resubmit_item(request: AuthedRequest, item_id: int) -> Item:
    """重新报送 a revision after a hub's return: the unit's signer signs it again before it goes back."""
    return actions.resubmit(request.user, _item(request, item_id))


@router.post("/items/{item_id}/reopen", response=ItemOut)
def reopen_item(request: AuthedRequest, item_id: int) -> Item:
    return actions.reopen(request.user, _item(request, item_id))


@router.get("/items/{item_id}/versions", response=list[VersionOut])
def item_versions(request: AuthedRequest, item_id: int) -> list[ItemVersion]:
    return queries.versions_for(request.user, _item(request, item_id))


@router.get("/items/{item_id}/route", response=list[list[SubmissionOut]])
def item_route(request: AuthedRequest, item_id: int) -> list[list[Submission]]:
    return queries.item_route(_item(request, item_id))


@router.get("/items/{item_id}/adoptions", response=list[AdoptionOut])
def item_adoptions(request: AuthedRequest, item_id: int) -> QuerySet[Adoption]:
    return queries.adoptions_of(_item(request, item_id))


# --- The hub side -----------------------------------------------------------------------------


class QueueIn(Schema):
    state: str = ""
    unit: int | None = None
    category: str = ""
    tone: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


class SubmissionPage(Schema):
    count: int
    items: list[SubmissionOut]


@router.get("/queue", response=SubmissionPage)
def queue(request: AuthedRequest, filters: Query[QueueIn], page: int = 1) -> dict[str, Any]:
    f = filters
    query = queries.QueueFilters(f.state, f.unit, f.category, f.tone, f.date_from, f.date_to, f.q)
    return _page(queries.screenable_submissions(request.user, query), page)


@router.get("/queue/counts", response=dict[str, int])
def queue_counts(request: AuthedRequest) -> dict[str, int]:
    return queries.queue_counts(request.user)


@router.get("/submissions/{submission_id}", response=SubmissionDetailOut)
def get_submission(request: AuthedRequest, submission_id: int) -> Submission:
    return _submission(request, submission_id)


@router.post("/submissions/{submission_id}/adopt", response=AdoptionOut)
def adopt(request: AuthedRequest, submission_id: int, payload: DecisionIn) -> Adoption:
    return actions.adopt(request.user, _submission(request, submission_id), revision=payload.revision)


@router.post("/submissions/{submission_id}/return", response=SubmissionOut)
def return_submission(request: AuthedRequest, submission_id: int, payload: ReasonIn) -> Submission:
    sub = _submission(request, submission_id)
    return actions.return_submission(request.user, sub, payload.reason, revision=payload.revision)


@router.post("/submissions/{submission_id}/reject", response=SubmissionOut)
def reject(request: AuthedRequest, submission_id: int, payload: ReasonIn) -> Submission:
    return actions.reject(request.user, _submission(request, submission_id), payload.reason, revision=payload.revision)


@router.post("/submissions/{submission_id}/reserve", response=SubmissionOut)
def reserve(request: AuthedRequest, submission_id: int, payload: DecisionIn) -> Submission:
    return actions.reserve(request.user, _submission(request, submission_id), revision=payload.revision)


@router.post("/submissions/{submission_id}/resubmit", response=SubmissionOut)
def resubmit(request: AuthedRequest, submission_id: int) -> Submission:
    """A returned forward goes back up (lower hub staff); for a unit's own item this sends the revision
    to the unit's signer, like ``POST /items/{id}/resubmit``."""
    sub = _submission(request, submission_id)
    if sub.parent_id is None:
        actions.resubmit(request.user, sub.item)
        sub.refresh_from_db()
        return sub
    return actions.resend_forward(request.user, sub)


@router.post("/submissions/{submission_id}/edit", response=VersionOut)
def edit(request: AuthedRequest, submission_id: int, payload: EditIn) -> ItemVersion:
    sub = _submission(request, submission_id)
    return actions.edit_submission(
        request.user, sub, payload.title, payload.body, payload.note, revision=payload.revision
    )


@router.post("/submissions/{submission_id}/forward", response=SubmissionOut)
def forward(request: AuthedRequest, submission_id: int) -> Submission:
    return actions.forward(request.user, _submission(request, submission_id))


@router.post("/merge", response=SubmissionOut)
def merge(request: AuthedRequest, payload: MergeIn) -> Submission:
    subs = list(queries.screenable_submissions(request.user).filter(pk__in=payload.submission_ids))
    if len(subs) != len(set(payload.submission_ids)):
        raise DomainError(_("所选信息中有不在本单位筛选队列中的条目。"))
    return actions.merge(request.user, subs, title=payload.title, body=payload.body, note=payload.note)
