"""批示 pages: write one on an issue (or an item in it) or on an item; the list per issue and per item."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import queries as items_queries
from xinbao.items.models import Item
from xinbao.orgs.roles import HUB_STAFF, Role
from xinbao.publications import queries as publication_queries

from . import actions, queries
from .forms import InstructionForm


def _target(request: HttpRequest) -> tuple[Any, Item | None]:
    """The issue (publications) and/or item the 批示 is about, as the user may see them."""
    source = request.POST if request.method == "POST" else request.GET
    issue = item = None
    if source.get("issue", "").isdigit():
        issue = publication_queries.issue_for(request.user, int(source["issue"]))
        if issue is None:
            raise Http404
    elif source.get("item", "").isdigit():
        item = items_queries.visible_items(request.user).filter(pk=int(source["item"])).first()
        if item is None:
            raise Http404
    else:
        raise Http404
    return issue, item


@login_required
def new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(Role.LEADER, *HUB_STAFF):
        raise PermissionDenied(_("只有领导或信息科人员可以登记批示。"))
    issue, item = _target(request)
    if issue is not None:
        entries = publication_queries.entries(issue)
        choices = [(e.submission.item_id, e.title or e.submission.title) for e in entries]
    else:
        choices = [(item.pk, item.title)]
    on_behalf = not user.has_role(Role.LEADER)
    form = InstructionForm(request.POST or None, items=choices, on_behalf=on_behalf, whole_issue=issue is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target_item = Item.objects.get(pk=data["item"]) if data.get("item") else item
        try:
            actions.record_instruction(
                user,
                text=data["text"],
                item=target_item,
                issue_id=issue.pk if issue is not None else None,
                kind=data["kind"],
                leader_name=data.get("leader_name", ""),
                leader_level=data.get("leader_level", ""),
                leader_post=data.get("leader_post", ""),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("批示已登记，已告知撰稿人。"))
            if issue is not None:
                return redirect("publications:issue_detail", issue.pk)
            return redirect("instructions:for_item", item.pk)
    return render(request, "instructions/form.html", {"form": form, "issue": issue, "item": item})


@login_required
def for_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = publication_queries.issue_for(request.user, issue_id)
    if issue is None:
        raise Http404
    rows = queries.for_issue_display(issue.pk)
    return render(request, "instructions/list.html", {"instructions": rows, "issue": issue, "item": None})


@login_required
def for_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = items_queries.visible_items(request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404
    rows = queries.for_item_display(item.pk)
    return render(request, "instructions/list.html", {"instructions": rows, "issue": None, "item": item})
