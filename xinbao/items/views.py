"""Pages of ``items``: the unit's items and drafting, sign-off, the hub's screening queue and a
submission's page (decisions, edits with versions, forwarding, merging, outside adoptions).

Views are thin: they call actions and show a refused action's message; nothing typed is lost (a
failed save re-renders the form with what was entered).
"""

from __future__ import annotations

import datetime
from functools import cached_property
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core import registry
from xinbao.core.errors import DomainError
from xinbao.core.files import serve_protected
from xinbao.core.http import AuthedRequest, int_param, int_params
from xinbao.core.pagination import PER_PAGE_CHOICES, paginate
from xinbao.core.registry import sections_for
from xinbao.core.views import show_refusal
from xinbao.orgs import duties
from xinbao.orgs.models import Unit

from . import actions, policy, queries
from .diff import side_by_side
from .forms import ITEM_FIELDS, DraftForm, EditForm, ExternalAdoptionForm, MergeForm, ReasonForm
from .guides import GUIDES, guide_for
from .importing import docx_text
from .models import Adoption, Attachment, Category, Item, ItemState, ItemVersion, Submission, SubmissionState, Tone
from .view_access import screenable_or_403, submission_or_404


def _item_or_404(request: AuthedRequest, item_id: int) -> Item:
    item = queries.visible_items(request.user).filter(pk=item_id).select_related("unit", "author", "signer").first()
    if item is None:
        raise Http404
    return item


# --- The unit's items -------------------------------------------------------------------------


@login_required
def my_items(request: AuthedRequest) -> HttpResponse:
    filters = queries.ItemFilters(
        state=request.GET.get("state", ""), category=request.GET.get("category", ""), q=request.GET.get("q", "").strip()
    )
    page = paginate(request, queries.unit_items(request.user, filters))
    states = [(queries.TO_REVISE, _("待修改（被退回）")), *ItemState.choices]
    outcomes = queries.outcomes([item.pk for item in page])
    context = {
        "page_obj": page,
        "states": states,
        "categories": Category.choices,
        "outcomes": outcomes,
        "can_write": duties.can_write(request.user, request.user.unit_id),
    }
    return render(request, "items/my_items.html", context)


@login_required
def signoff_list(request: AuthedRequest) -> HttpResponse:
    if not duties.can_sign(request.user, request.user.unit_id):
        raise PermissionDenied(_("只有单位签发人可以签发信息。"))
    page = paginate(request, queries.signoff_queue(request.user))
    return render(request, "items/signoff_list.html", {"page_obj": page})


def _draft_context(request: AuthedRequest, form: DraftForm, item: Item | None) -> dict[str, Any]:
    category = form["category"].value() or Category.NEWS
    return {
        "form": form,
        "item": item,
        "guide": guide_for(category),
        "guides": {k: str(v) for k, v in GUIDES.items()},
        "attachments": item.attachments.filter(deleted_at__isnull=True) if item else [],
    }


def _import_docx(request: AuthedRequest, form: DraftForm) -> DraftForm:
    """Fill title and body from the uploaded .docx and show the form again (nothing saved yet)."""
    try:
        title, body = docx_text(request.FILES["docx"])
    except DomainError as exc:
        form.add_error("docx", exc.message)
        return form
    data = request.POST.copy()
    data["title"], data["body"] = data.get("title") or title, body
    messages.info(request, _("已从 Word 文档导入标题和正文，请核对后保存。"))
    return DraftForm(data, unit=form.unit, author=request.user)


def _save_draft(request: AuthedRequest, form: DraftForm, saved: dict[str, Item | None]) -> Item:
    """Save (channels included, so the next 报送 finds them), attach, and — on 报送 — submit, or for a
    returned item resubmit the revision for signing. ``saved`` holds the draft as soon as it exists, so a
    refused 报送 or attachment leaves the writer on a page bound to the saved draft with everything typed."""
    data = form.cleaned_data
    fields = form.item_fields()
    channels = list(data.get("channels") or [])
    co_units = list(data.get("co_units") or [])
    item = saved["item"]
    if item is None:
        item = saved["item"] = actions.create_draft(
            request.user, body=data.get("body") or "", co_units=co_units, channels=channels, **fields
        )
    else:
        actions.update_draft(
            request.user, item, body=data.get("body") or "", co_units=co_units, channels=channels, **fields
        )
    if data.get("attachment"):
        actions.add_attachment(request.user, item, data["attachment"])
    if request.POST.get("do") == "submit":
        _send(request, item, channels)
    else:
        messages.success(request, _("草稿已保存。"))
    return item


def _send(request: AuthedRequest, item: Item, channels: list[Any]) -> None:
    if item.state == ItemState.RETURNED:
        item = actions.resubmit(request.user, item)
        done = _("已重新报送。") if item.state == ItemState.SUBMITTED else _("已重新报送，等待本单位重新签发。")
    else:
        item = actions.submit(request.user, item, channels)
        # A member writing in person sends straight to the office; others wait for the unit's signer.
        done = _("已报送。") if item.state == ItemState.SUBMITTED else _("已报送，等待本单位签发。")
    messages.success(request, done)


def _cppcc_only(user: Any, unit: Any) -> bool:
    """The writer sends only on the CPPCC channel (a 政协委员, a CPPCC 专委会 or 界别)."""
    codes = {channel.code for channel, _hub in queries.sending_options(user, unit)}
    return codes == {"cppcc"}


def _draft_page(request: AuthedRequest, item: Item | None) -> HttpResponse:
    unit = request.user.unit
    if unit is None or not duties.can_write(request.user, unit):
        raise PermissionDenied(_("只有本单位的信息员可以起草和报送本单位的信息。"))
    initial: dict[str, Any] = {"writer_name": request.user.display_name, "writer_phone": request.user.phone}
    if item is not None:
        working = queries.working_version(item)
        initial = {f: getattr(item, f) for f in ITEM_FIELDS}
        initial.update(
            body=working.body if working else "", co_units=list(item.co_units.all()), channels=list(item.channels.all())
        )
    elif request.GET.get("category") in dict(Category.choices):
        initial["category"] = request.GET["category"]
    elif _cppcc_only(request.user, unit):
        initial["category"] = Category.OPINION  # the CPPCC channel's default: 社情民意
    form = DraftForm(request.POST or None, request.FILES or None, unit=unit, author=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("do") == "import" and request.FILES.get("docx"):
            form = _import_docx(request, form)
        else:
            saved: dict[str, Item | None] = {"item": item}
            try:
                item = _save_draft(request, form, saved)
            except DomainError as exc:
                # A draft saved before a refused 报送 keeps what was typed; the page shows the message.
                show_refusal(request, exc, form)
                item = saved["item"]
            else:
                return redirect("items:detail", item.pk)
    return render(request, "items/draft_form.html", _draft_context(request, form, item))


@login_required
def guide(request: AuthedRequest) -> HttpResponse:
    """htmx: the writing guide of the category just chosen."""
    return HttpResponse(guide_for(request.GET.get("category", "")))


@login_required
def new_item(request: AuthedRequest) -> HttpResponse:
    # Saving after an autosave continues the draft the autosave created, never a second copy.
    return _draft_page(request, _own_draft(request) if request.method == "POST" else None)


@login_required
def edit_item(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if item.state not in (ItemState.DRAFT, ItemState.RETURNED):
        messages.error(request, _("当前状态下不能修改这条信息。"))
        return redirect("items:detail", item.pk)
    return _draft_page(request, item)


def _own_draft(request: AuthedRequest) -> Item | None:
    """The draft an autosave on the new-item page already created (its id travels in the form)."""
    draft_id = int_param(request.POST.get("draft_id"))
    if draft_id is None:
        return None
    item = queries.visible_items(request.user).filter(pk=draft_id, author=request.user).first()
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def autosave(request: AuthedRequest, item_id: int | None = None) -> HttpResponse:
    """htmx: save the draft as the writer types; answers with a one-line status. On the new-item page
    the first autosave creates the draft and hands its id back to the form (out-of-band swap)."""
    item = _item_or_404(request, item_id) if item_id is not None else _own_draft(request)
    if request.user.unit is None:
        raise PermissionDenied
    form = DraftForm(request.POST, unit=request.user.unit, author=request.user)
    if not form.is_valid():
        return HttpResponse(_("未能自动保存：请检查填写内容。"))
    fields, body = form.item_fields(), form.cleaned_data.get("body") or ""
    if item is None and not fields["title"]:
        return HttpResponse(_("填写标题后将自动保存。"))
    try:
        if item is None:
            item = actions.create_draft(request.user, body=body, **fields)
        else:
            actions.update_draft(request.user, item, body=body, **fields)
    except DomainError as exc:
        return HttpResponse(_("未能自动保存：%(m)s") % {"m": exc.message})
    status = _("已自动保存 %(t)s") % {"t": timezone.localtime().strftime("%H:%M:%S")}
    if item_id is None:
        hidden = format_html(
            '<input type="hidden" name="draft_id" id="draft-id" value="{}" hx-swap-oob="true">', item.pk
        )
        return HttpResponse(format_html("{}{}", status, hidden))
    return HttpResponse(status)


@login_required
def item_detail(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    user = request.user
    versions = queries.versions_for(user, item)
    context = {
        "item": item,
        "current": versions[-1] if versions else None,
        "versions": versions,
        "routes": queries.item_route(item),
        "adoptions": queries.adoptions_of(item),
        "outcomes": queries.outcomes_of(item),
        "returns": item.signoff_returns.select_related("signer"),
        "attachments": policy.attachments_for(user, item),
        "co_units": item.co_units.all(),
        "channels": item.channels.all(),
        "can": queries.item_buttons(user, item),
        "reason_form": ReasonForm(),
        "sources": item.merge_sources.select_related("source__origin_unit") if item.is_combined else [],
        "decisions": queries.decisions_of(item) if user.unit_id == item.unit_id else [],
        "sections": sections_for("items.item", user, item),
    }
    return render(request, "items/item_detail.html", context)


ITEM_ACTIONS = {
    "submit": (lambda u, i, r: actions.submit(u, i, list(i.channels.all())), _("已报送。")),
    "resubmit": (lambda u, i, r: actions.resubmit(u, i), _("已重新报送。")),
    "recall": (lambda u, i, r: actions.recall(u, i), _("已撤回，可继续修改。")),
    "sign": (lambda u, i, r: actions.sign_off(u, i), _("已签发并报送。")),
    "return_signoff": (lambda u, i, r: actions.return_signoff(u, i, r.POST.get("reason", "")), _("已退回起草人。")),
    "delete": (lambda u, i, r: actions.delete_draft(u, i), _("草稿已删除。")),
    "withdraw": (lambda u, i, r: actions.withdraw(u, i, r.POST.get("reason", "")), _("已撤回，接收单位不再处理。")),
    "reopen": (lambda u, i, r: actions.reopen(u, i), _("已转为草稿，可修改后重新报送。")),
}


@login_required
@require_POST
def item_action(request: AuthedRequest, item_id: int, action: str) -> HttpResponse:
    item = _item_or_404(request, item_id)
    if action not in ITEM_ACTIONS:
        raise Http404
    call, done = ITEM_ACTIONS[action]
    try:
        call(request.user, item, request)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, done)
        if action == "delete":
            return redirect("items:mine")
    return redirect("items:detail", item.pk)


@login_required
@require_POST
def resubmit(request: AuthedRequest, submission_id: int) -> HttpResponse:
    sub = submission_or_404(request, submission_id)
    try:
        if sub.parent_id is None:  # the unit's own item: the revision is signed again first
            actions.resubmit(request.user, sub.item)
        else:
            actions.resend_forward(request.user, sub)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已重新报送%(h)s。") % {"h": sub.hub.name})
    if sub.parent_id is not None:
        return redirect("items:submission", sub.parent_id)
    return redirect("items:detail", sub.item_id)


@login_required
def attachment(request: AuthedRequest, attachment_id: int) -> HttpResponseBase:
    """An attachment, to those who may read the item and that file (everyone else: 404)."""
    row = Attachment.objects.filter(pk=attachment_id).select_related("item").first()
    if row is None or not policy.can_open(request.user, row.item):
        raise Http404
    if row not in policy.attachments_for(request.user, row.item):
        raise Http404
    return serve_protected(row.file, row.name)


@login_required
def evidence(request: AuthedRequest, adoption_id: int) -> HttpResponseBase:
    """佐证材料 of an adoption, to those who may read the item."""
    adoption = Adoption.objects.filter(pk=adoption_id, revoked_at__isnull=True).select_related("item").first()
    if adoption is None or not adoption.evidence or not policy.can_open(request.user, adoption.item):
        raise Http404
    suffix = PurePath(adoption.evidence.name).suffix
    return serve_protected(adoption.evidence, _("佐证材料-%(n)s%(s)s") % {"n": adoption.pk, "s": suffix})


@login_required
@require_POST
def remove_attachment(request: AuthedRequest, attachment_id: int) -> HttpResponse:
    row = Attachment.objects.filter(pk=attachment_id).select_related("item").first()
    if row is None or not policy.can_open(request.user, row.item):
        raise Http404
    try:
        actions.remove_attachment(request.user, row)
    except DomainError as exc:
        if request.htmx:
            return HttpResponse(format_html('<li class="text-danger">{}</li>', exc.message))
        show_refusal(request, exc)
    if request.htmx:
        return HttpResponse("")  # the list item disappears
    return redirect("items:edit", row.item_id)


@login_required
def compare(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Any two versions of an item side by side (character-level differences)."""
    item = _item_or_404(request, item_id)
    versions = queries.versions_for(request.user, item)
    by_number = {v.number: v for v in versions}
    if not versions:
        raise Http404

    def chosen(param: str, default: ItemVersion) -> ItemVersion:
        number = int_param(request.GET.get(param))
        return default if number is None else by_number.get(number, default)

    a, b = chosen("a", versions[0]), chosen("b", versions[-1])
    left_title, right_title = side_by_side(a.title, b.title)
    left_body, right_body = side_by_side(a.body, b.body)
    context = {
        "item": item,
        "versions": versions,
        "a": a,
        "b": b,
        "left_title": left_title,
        "right_title": right_title,
        "left_body": left_body,
        "right_body": right_body,
    }
    return render(request, "items/compare.html", context)


# --- The hub's queue and a submission's page --------------------------------------------------


def _queue_filters(request: AuthedRequest) -> queries.QueueFilters:
    def date(name: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    state = request.GET.get("state", SubmissionState.PENDING)
    return queries.QueueFilters(
        state="" if state == "all" else state,
        unit_id=int_param(request.GET.get("unit")),
        category=request.GET.get("category", ""),
        tone=request.GET.get("tone", ""),
        date_from=date("from"),
        date_to=date("to"),
        q=request.GET.get("q", "").strip(),
    )


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    hub = request.user.unit
    if hub is None or not duties.can_screen(request.user, hub.pk):
        raise PermissionDenied(_("只有信息科人员可以筛选信息。"))
    filters = _queue_filters(request)
    counts = queries.queue_counts(request.user)
    page = _queue_page(request, queries.screenable_submissions(request.user, filters), filters, counts)
    is_senior = duties.is_hub_senior(request.user, hub.pk)
    context = {
        "page_obj": page,
        "filters": filters,
        "search_cap": SEARCH_COUNT_CAP if filters.q and page.paginator.count > SEARCH_COUNT_CAP else None,
        "state": request.GET.get("state", SubmissionState.PENDING),
        "counts": counts,
        "state_choices": SubmissionState.choices,
        "categories": Category.choices,
        "tones": Tone.choices,
        "units": _member_units(hub),
        "sections": sections_for("items.queue", request.user, None),
        "is_senior": is_senior,
        "chief_approves_forward": queries.chief_approves_forward(hub.pk),
        "forward_adopts": is_senior and queries.forward_adopts(hub.pk),  # only seniors see the setting
        "forward_requests": queries.forward_requests(request.user)[:20],
    }
    return render(request, "items/queue.html", context)


@login_required
@require_POST
def forward_setting(request: AuthedRequest) -> HttpResponse:
    """The hub's 转报 rules (审批; 转报即采用), set by its chief or director from the queue page."""
    hub = request.user.unit
    if hub is None or not duties.is_hub_senior(request.user, hub.pk):
        raise PermissionDenied(_("只有信息科科长或办公室主任可以设置转报审批。"))
    if "forward_adopts" in request.POST:
        adopts = request.POST["forward_adopts"] == "1"
        actions.set_forward_adopts(request.user, hub, adopts)
        done = _("已设置：转报即视为本单位采用。") if adopts else _("已设置：转报不计为本单位采用。")
        messages.success(request, done)
        return redirect("items:queue")
    on = request.POST.get("chief_approves") == "1"
    actions.set_forward_approval(request.user, hub, on)
    messages.success(request, _("已设置：转报须经科长审批。") if on else _("已设置：编辑可直接转报。"))
    return redirect("items:queue")


SEARCH_COUNT_CAP = 1000


class _QueuePaginator(Paginator):
    """The queue's count is usually known already (the per-state counts); a keyword search counts at most
    ``cap`` + 1 matches, so a common word does not make the page scan the whole hub twice."""

    def __init__(self, object_list: QuerySet[Submission], per_page: int, *, known: int | None, cap: int | None) -> None:
        super().__init__(object_list, per_page)
        self.subs, self.known, self.cap = object_list, known, cap

    @cached_property
    def count(self) -> int:
        if self.known is not None:
            return self.known
        if self.cap is not None:
            return self.subs[: self.cap + 1].count()
        return super().count


def _queue_page(
    request: AuthedRequest, subs: QuerySet[Submission], filters: queries.QueueFilters, counts: dict[str, int]
) -> Page:
    narrowed = filters.unit_id or filters.category or filters.tone or filters.date_from or filters.date_to
    known = None
    if not narrowed and not filters.q:
        known = counts.get(filters.state, 0) if filters.state else sum(counts.values())
    per = int_param(request.GET.get("per"))
    per = per if per in PER_PAGE_CHOICES else 20
    paginator = _QueuePaginator(subs, per, known=known, cap=SEARCH_COUNT_CAP if filters.q else None)
    return paginator.get_page(request.GET.get("page"))


def _member_units(hub: Unit) -> Any:
    from xinbao.orgs import queries as org_queries

    return org_queries.member_units(hub).only("id", "name")[:500]


@login_required
def submission_detail(request: AuthedRequest, submission_id: int) -> HttpResponse:
    sub = submission_or_404(request, submission_id)
    staff = duties.can_screen(request.user, sub.hub_id)
    if staff:
        actions.touch_presence(request.user, sub)
    current = queries.current_version(sub)
    context = {
        "sub": sub,
        "item": sub.item,
        "current": current,
        "staff": staff,
        "others": queries.others_viewing(sub, request.user) if staff else [],
        "versions": queries.submission_versions(sub),
        "routes": queries.item_route(sub.item),
        "adoptions": queries.adoptions_of(sub.item),
        "outcomes": queries.outcomes_of(sub.item),
        "attachments": policy.attachments_for(request.user, sub.item),
        "reason_form": ReasonForm(),
        "edit_form": EditForm(initial={"title": current.title, "body": current.body, "revision": sub.revision}),
        "external_form": ExternalAdoptionForm(),
        "allowed": queries.submission_buttons(request.user, sub),
        "forwarded_to": sub.forwards.select_related("hub").first(),
        # Forwarding an item not adopted here: adopted with it (转报即采用) or not, as the hub set.
        "forward_adopts": sub.state != SubmissionState.ADOPTED and queries.forward_adopts(sub.hub_id),
        # Higher apps' parts of the page (insights: similar items and suggestions for the hub's staff).
        "sections": sections_for("items.submission", request.user, sub),
    }
    return render(request, "items/submission_detail.html", context)


def _forward(user: Any, sub: Submission) -> Any:
    """转报上级: a senior answering a 提请转报 approves it (recorded as approval); otherwise a plain 转报."""
    if sub.forward_requested_at is not None and duties.is_hub_senior(user, sub.hub_id):
        return actions.approve_forward(user, sub)
    return actions.forward(user, sub)


DECISIONS = {
    "adopt": (lambda u, s, r, rev: actions.adopt(u, s, revision=rev), _("已采用。")),
    "reserve": (lambda u, s, r, rev: actions.reserve(u, s, revision=rev), _("已列为备用。")),
    "return": (
        lambda u, s, r, rev: actions.return_submission(u, s, r.POST.get("reason", ""), revision=rev),
        _("已退回修改。"),
    ),
    "reject": (
        lambda u, s, r, rev: actions.reject(u, s, r.POST.get("reason", ""), revision=rev),
        _("已标记为不采用。"),
    ),
    "forward": (lambda u, s, r, rev: _forward(u, s), _("已转报上级。")),
    "request_forward": (lambda u, s, r, rev: actions.request_forward(u, s), _("已提请转报，等待科长审批。")),
    "decline_forward": (
        lambda u, s, r, rev: actions.decline_forward(u, s, r.POST.get("reason", "")),
        _("已不批准转报，并告知提请人。"),
    ),
    "undo_adopt": (lambda u, s, r, rev: actions.undo_adopt(u, s, revision=rev), _("已撤销采用，重新待处理。")),
}


@login_required
@require_POST
def decide(request: AuthedRequest, submission_id: int, action: str) -> HttpResponse:
    sub = submission_or_404(request, submission_id)
    if action not in DECISIONS:
        raise Http404
    call, done = DECISIONS[action]
    try:
        call(request.user, sub, request, int_param(request.POST.get("revision")))
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("items:submission", sub.pk)
    messages.success(request, done)
    if request.POST.get("then") == "next" and action in ("adopt", "reserve", "return", "reject"):
        following = actions.next_pending(request.user, sub)
        if following is not None:
            messages.info(request, _("已转到下一条待处理信息。"))
            return redirect("items:submission", following.pk)
        messages.info(request, _("待处理的信息已全部处理完。"))
        return redirect(reverse("items:queue") + "?state=pending")
    return redirect("items:submission", sub.pk)


BULK = {
    "adopt": (lambda u, s, r: actions.adopt(u, s), _("已采用 %(n)d 条。")),
    "reserve": (lambda u, s, r: actions.reserve(u, s), _("已列为备用 %(n)d 条。")),
    "return": (lambda u, s, r: actions.return_submission(u, s, r), _("已退回修改 %(n)d 条。")),
}


@login_required
@require_POST
def bulk(request: AuthedRequest, action: str) -> HttpResponse:
    """Several submissions of the queue at once (勾选后批量采用/备用/退回, one reason for all). Each one is
    its own action: those refused are listed with the reason, the others are done."""
    if action not in BULK:
        raise Http404
    if not duties.can_screen(request.user, request.user.unit_id):
        raise PermissionDenied(_("只有信息科人员可以筛选信息。"))
    ids = int_params(request.POST.getlist("sub"))
    back = request.POST.get("back") or reverse("items:queue")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("items:queue")
    subs = list(queries.screenable_submissions(request.user).filter(pk__in=ids))
    if not subs:
        messages.error(request, _("请先在列表中勾选信息。"))
        return redirect(back)
    reason = request.POST.get("reason", "")
    if action == "return" and not reason.strip():
        messages.error(request, _("批量退回时请填写退回理由。"))
        return redirect(back)
    call, done_message = BULK[action]
    done, refused = 0, []
    for sub in subs:
        try:
            call(request.user, sub, reason)
        except DomainError as exc:
            refused.append(f"《{sub.title}》：{exc.message}")
        else:
            done += 1
    if done:
        messages.success(request, done_message % {"n": done})
    for line in refused:
        messages.error(request, line)
    return redirect(back)


@login_required
def edit_submission(request: AuthedRequest, submission_id: int) -> HttpResponse:
    sub = screenable_or_403(request, submission_id)
    current = queries.current_version(sub)
    form = EditForm(
        request.POST or None, initial={"title": current.title, "body": current.body, "revision": sub.revision}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_submission(
                request.user, sub, data["title"], data["body"], data["note"], revision=data["revision"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已保存为新版本。"))
            return redirect("items:submission", sub.pk)
    return render(request, "items/submission_edit.html", {"sub": sub, "form": form, "current": current})


@login_required
def merge(request: AuthedRequest) -> HttpResponse:
    """综合: the queue's selected submissions → one combined item (form prefilled with their texts)."""
    ids = int_params(request.POST.getlist("sub") + request.GET.getlist("sub"))
    subs = list(queries.screenable_submissions(request.user).filter(pk__in=ids))
    if len(subs) < 2:
        messages.error(request, _("请在列表中至少勾选两条信息再综合。"))
        return redirect("items:queue")
    initial = {"body": "\n\n".join(f"{queries.current_version(s).body}" for s in subs)}
    form = MergeForm(request.POST if "title" in request.POST else None, initial=initial)
    if form.is_valid():
        try:
            combined = actions.merge(request.user, subs, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已综合为一条新信息。"))
            return redirect("items:submission", combined.pk)
    return render(request, "items/merge.html", {"form": form, "subs": subs})


@login_required
def external_adoption(request: AuthedRequest, submission_id: int) -> HttpResponse:
    sub = screenable_or_403(request, submission_id)
    form = ExternalAdoptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_external_adoption(request.user, sub, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已登记系统外采用。"))
            known = {value for value, _hint in registry.lookup("adopting_bodies")}
            if known and form.cleaned_data["adopter_name"].strip() not in known:
                messages.warning(
                    request,
                    _("采用机关“%(n)s”不在采用机关名录中，考核计分可能无法识别；请核对名称，或请信息科在名录中登记。")
                    % {"n": form.cleaned_data["adopter_name"].strip()},
                )
            return redirect("items:submission", sub.pk)
    return render(request, "items/external_adoption.html", {"sub": sub, "form": form})


@login_required
def version_detail(request: AuthedRequest, item_id: int, number: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    version = next((v for v in queries.versions_for(request.user, item) if v.number == number), None)
    if version is None:
        raise Http404
    return render(
        request,
        "items/version.html",
        {"item": item, "version": version, "back": reverse("items:detail", args=[item.pk])},
    )
