from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.pagination import paginate

from . import actions, queries


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, queries.inbox(request.user, unread_only=unread_only))
    context = {"page_obj": page, "unread_only": unread_only, "unread_count": queries.unread_count(request.user)}
    return render(request, "notify/inbox.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark the messages whose ``id`` is posted read; with no id, all of the user's messages."""
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    try:
        count = actions.mark_read(request.user, ids or None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if count:
            messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect(request.POST["next"] if _safe_next(request) else "notify:inbox")


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
