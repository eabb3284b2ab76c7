"""API of publications: periodicals, issues (scoped like the pages) and the Word/PDF files."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import ApiPagination

from . import actions, queries
from . import render as layout
from .document import issue_document
from .models import Issue, Periodical

router = Router(tags=["刊物"])


class PeriodicalOut(Schema):
    id: int
    name: str
    kind: str
    hub_id: int
    channel_id: int
    classification: str
    running_total: bool


class IssueOut(Schema):
    id: int
    periodical_id: int
    periodical: str
    series: str
    state: str
    year: int | None
    number: int | None
    total_number: int | None
    label: str
    issue_date: datetime.date | None
    classification: str
    has_docx: bool
    has_pdf: bool

    @staticmethod
    def resolve_periodical(obj: Issue) -> str:
        return str(obj.periodical)

    @staticmethod
    def resolve_has_docx(obj: Issue) -> bool:
        return bool(obj.docx_file)

    @staticmethod
    def resolve_has_pdf(obj: Issue) -> bool:
        return bool(obj.pdf_file)


class EntryOut(Schema):
    position: int
    submission_id: int
    item_id: int
    title: str
    body: str
    editor_note: str


class IssueDetailOut(IssueOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj: Issue, context: dict[str, Any]) -> list[dict[str, Any]]:
        # For the requesting user (ninja puts the request in the context): the read policy labels what
        # they may not read.
        shown = queries.entries_for_display(obj, context["request"].user)
        return [
            {
                "position": entry.position,
                "submission_id": entry.submission_id,
                "item_id": entry.submission.item_id,
                "title": title,
                "body": body,
                "editor_note": entry.editor_note,
            }
            for entry, title, body in shown
        ]


@router.get("/periodicals", response=list[PeriodicalOut], summary="本单位刊物")
def periodicals(request: AuthedRequest) -> list[Periodical]:
    return list(queries.hub_periodicals(request.user))


@router.get("/issues", response=list[IssueOut], summary="刊物档案（已签发、已印发）")
@paginate(ApiPagination)
def issues(
    request: AuthedRequest, periodical_id: int | None = None, year: int | None = None, q: str = ""
) -> QuerySet[Issue]:
    return queries.archive(request.user, periodical_id=periodical_id, year=year, q=q)


def _issue(request: AuthedRequest, issue_id: int) -> Issue:
    issue = queries.issue_for(request.user, issue_id)
    if issue is None:
        raise Http404
    return issue


@router.get("/issues/{issue_id}", response=IssueDetailOut, summary="一期刊物及其稿件")
def issue_detail(request: AuthedRequest, issue_id: int) -> Issue:
    return _issue(request, issue_id)


@router.get("/issues/{issue_id}/docx", summary="下载 Word 文件")
def issue_docx(request: AuthedRequest, issue_id: int) -> FileResponse:
    issue = _issue(request, issue_id)
    name = f"{issue.periodical.name}{issue.label}.docx"
    if issue.numbers_copies:  # 份号: each copy of a classified issue is numbered and registered
        copy = actions.take_copy(request.user, issue)
        content = layout.render_docx(issue_document(issue, copy_number=copy.number))
        return FileResponse(io.BytesIO(content), as_attachment=True, filename=f"{name[:-5]}-{copy.label}.docx")
    if issue.docx_file:
        return FileResponse(issue.docx_file.open("rb"), as_attachment=True, filename=name)
    content = layout.render_docx(issue_document(issue))
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)
