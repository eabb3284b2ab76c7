from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinbao.core.pagination import paginate

from . import actions, queries


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, queries.inbox(request.user, unread_only=unread_only))
    return render(request, "notify/inbox.html", {"page_obj": page, "unread_only": unread_only})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    actions.mark_read(request.user, ids or None)
    return redirect("notify:inbox")
