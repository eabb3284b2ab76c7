"""The inbox, and for the system admin: webhook endpoints and the outbound delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest, int_param, int_params
from xinbao.core.pagination import paginate
from xinbao.core.views import show_refusal
from xinbao.orgs import duties

from . import actions, queries
from .forms import EndpointForm
from .models import Channel, DeliveryState, WebhookEndpoint


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, queries.inbox(request.user, unread_only=unread_only))
    context = {"page_obj": page, "unread_only": unread_only, "unread_count": queries.unread_count(request.user)}
    return render(request, "notify/inbox.html", context)


@login_required
@require_POST
def mark_read(request: AuthedRequest) -> HttpResponse:
    """Mark the messages whose ``id`` is posted read; with no id, all of the user's messages."""
    ids = int_params(request.POST.getlist("id"))
    try:
        count = actions.mark_read(request.user, ids or None)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        if count:
            messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect(request.POST["next"] if _safe_next(request) else "notify:inbox")


def _safe_next(request: AuthedRequest) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


# --- Channels (system admin) ------------------------------------------------------------------------


def _require_admin(request: AuthedRequest) -> None:
    if not duties.can_manage_org(request.user):
        raise PermissionDenied(_("只有系统管理员可以设置消息推送。"))


@login_required
def channels(request: AuthedRequest) -> HttpResponse:
    """推送设置: webhook endpoints and the outbound log (state, address, error; never the messages)."""
    _require_admin(request)
    state = request.GET.get("state", "")
    channel = request.GET.get("channel", "")
    context = {
        "endpoints": queries.endpoints(request.user),
        "page_obj": paginate(request, queries.deliveries(request.user, state=state, channel=channel)),
        "counts": queries.delivery_counts(request.user),
        "state": state,
        "channel": channel,
        "states": DeliveryState.choices,
        "channels": Channel.choices,
    }
    return render(request, "notify/channels.html", context)


@login_required
def endpoint_edit(request: AuthedRequest, endpoint_id: int | None = None) -> HttpResponse:
    _require_admin(request)
    endpoint = None
    if endpoint_id is not None:
        endpoint = queries.endpoints(request.user).filter(pk=endpoint_id).first()
        if endpoint is None:
            raise Http404
    form = EndpointForm(request.POST or None, instance=endpoint or WebhookEndpoint())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit_code"}
        unit = endpoint.unit if endpoint else form.cleaned_data["unit_code"]
        try:
            actions.save_endpoint(request.user, unit=unit, endpoint=endpoint, **data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("推送地址已保存。"))
            return redirect("notify:channels")
    return render(request, "notify/endpoint_form.html", {"form": form, "endpoint": endpoint})


@login_required
@require_POST
def endpoint_delete(request: AuthedRequest, endpoint_id: int) -> HttpResponse:
    _require_admin(request)
    endpoint = queries.endpoints(request.user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    actions.delete_endpoint(request.user, endpoint)
    messages.success(request, _("推送地址已删除。"))
    return redirect("notify:channels")


@login_required
@require_POST
def delivery_retry(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    _require_admin(request)
    delivery = queries.deliveries(request.user).filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404
    try:
        actions.retry_delivery(request.user, delivery)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已重新排队发送，后台任务将尽快处理。"))
    page = int_param(request.POST.get("page")) or 1
    return redirect(f"{reverse('notify:channels')}?page={page}")
