"""Pages of publications. Thin: every write goes through ``actions``; refusals become messages."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest, int_param, int_params
from xinbao.core.pagination import paginate
from xinbao.core.registry import sections_for
from xinbao.core.views import domain_errors_as_messages, show_refusal
from xinbao.items import policy
from xinbao.items import queries as items_queries
from xinbao.orgs import duties
from xinbao.orgs import queries as orgs_queries
from xinbao.orgs.models import Unit

from . import actions, queries
from . import render as layout
from .document import issue_document
from .forms import CommentForm, EntryForm, IssueForm, NewIssueForm, PeriodicalForm
from .models import EDITABLE_STATES, Issue, IssueEntry, IssueState, Periodical


def _issue(request: AuthedRequest, issue_id: int) -> Issue:
    issue = queries.issue_for(request.user, issue_id)
    if issue is None:
        raise Http404
    return issue


def _periodical(request: AuthedRequest, periodical_id: int) -> Periodical:
    periodical = queries.periodical_for(request.user, periodical_id)
    if periodical is None:
        raise Http404
    return periodical


def _entry(request: AuthedRequest, issue: Issue, entry_id: int) -> IssueEntry:
    entry = issue.entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def _back_to_issue(request: AuthedRequest, kwargs: dict[str, Any]) -> str:
    return reverse("publications:issue_detail", args=[kwargs["issue_id"]])


def _require_hub_staff(request: AuthedRequest) -> Unit:
    """The hub whose information section the user works in (404 for anyone else)."""
    hub = request.user.unit
    if hub is None or not duties.is_hub_staff(request.user, hub.pk):
        raise Http404
    return hub


# --- periodicals ------------------------------------------------------------------------------


@login_required
def periodical_list(request: AuthedRequest) -> HttpResponse:
    _require_hub_staff(request)
    periodicals = queries.hub_periodicals(request.user).prefetch_related("report_to", "send_to", "issue_to")
    return render(request, "publications/periodical_list.html", {"periodicals": periodicals})


def _distribution(data: dict[str, Any]) -> dict[str, Any]:
    return {line: data[line] for line in ("report_to", "send_to", "issue_to")}


@login_required
def periodical_edit(request: AuthedRequest, periodical_id: int | None = None) -> HttpResponse:
    hub = _require_hub_staff(request)
    periodical = _periodical(request, periodical_id) if periodical_id else None
    channels = orgs_queries.hub_channels(hub)
    initial: dict[str, Any] = {}
    if periodical is not None:
        initial = {name: getattr(periodical, name) for name in actions.PERIODICAL_FIELDS}
        initial["channel"] = periodical.channel
        for line in ("report_to", "send_to", "issue_to"):
            initial[line] = list(getattr(periodical, line).all())
    form = PeriodicalForm(request.POST or None, initial=initial, channels=channels, hub=hub)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in actions.PERIODICAL_FIELDS}
        try:
            if periodical is None:
                periodical = actions.create_periodical(
                    request.user,
                    hub=hub,
                    channel=data["channel"],
                    distribution=_distribution(data),
                    **fields,
                )
            else:
                actions.update_periodical(request.user, periodical, distribution=_distribution(data), **fields)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("刊物已保存。"))
            return redirect("publications:periodical_list")
    return render(request, "publications/periodical_form.html", {"form": form, "periodical": periodical})


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: reverse("publications:periodical_list"))
def periodical_close(request: AuthedRequest, periodical_id: int) -> HttpResponse:
    periodical = _periodical(request, periodical_id)
    actions.close_periodical(request.user, periodical)
    messages.success(request, _("%(p)s已停刊，往期仍可在刊物档案中查阅。") % {"p": periodical})
    return redirect("publications:periodical_list")


# --- issues -----------------------------------------------------------------------------------


@login_required
def issue_list(request: AuthedRequest) -> HttpResponse:
    """The hub's periodicals with a "new issue" button each, and the issues in progress."""
    _require_hub_staff(request)
    context = {
        "periodicals": queries.hub_periodicals(request.user),
        "issues": queries.working_issues(request.user),
        "new_form": NewIssueForm(),
    }
    return render(request, "publications/issue_list.html", context)


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: reverse("publications:issue_list"))
def issue_create(request: AuthedRequest, periodical_id: int) -> HttpResponse:
    periodical = _periodical(request, periodical_id)
    corrects = None
    if corrects_id := int_param(request.POST.get("corrects")):
        corrects = _issue(request, corrects_id)
    form = NewIssueForm(request.POST)
    series = form.cleaned_data["series"] if form.is_valid() else None
    issue = actions.create_issue(request.user, periodical, series=series, corrects=corrects)
    return redirect("publications:issue_detail", issue.pk)


@login_required
def issue_detail(request: AuthedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    user = request.user
    hub = issue.periodical.hub_id
    is_staff = duties.can_compose(user, hub)
    editable = is_staff and issue.state in EDITABLE_STATES
    context: dict[str, Any] = {
        "issue": issue,
        "entries": queries.entry_titles(issue, user),
        "steps": issue.steps.select_related("user"),
        "is_staff": is_staff,
        "editable": editable,
        "can_review": issue.state == IssueState.REVIEW and duties.can_review_issue(user, hub),
        "can_sign": issue.state == IssueState.SIGNING and duties.can_sign_issue(user, hub),
        "can_raise": duties.can_raise_classification(user, hub),
        "comment_form": CommentForm(),
        "reads": queries.readers_of(issue),
        "copies_taken": issue.copies_taken.select_related("taken_by") if is_staff and issue.numbers_copies else None,
        "has_read": issue.reads.filter(user=user).exists(),
        "is_leader": duties.is_leader(user),
        "sections": sections_for("publications.issue", user, issue),
    }
    if editable:
        context["issue_form"] = IssueForm(
            hub=issue.periodical.hub,
            initial={
                "editor_note": issue.editor_note,
                "classification": issue.classification,
                "copies": issue.copies,
                "extra_to": list(issue.extra_to.all()),
            },
        )
        context.update(_candidates(request, issue))
    return render(request, "publications/issue_detail.html", context)


def _candidates(request: AuthedRequest, issue: Issue) -> dict[str, Any]:
    """Submissions of the hub's queue that may be added (adopted, pending, in reserve), searchable."""
    # Not those already in this issue or another live issue of the same periodical.
    taken = IssueEntry.objects.filter(issue__periodical_id=issue.periodical_id).exclude(issue__state=IssueState.DELETED)
    subs = items_queries.adoptable_submissions(request.user, issue.periodical.hub).exclude(
        pk__in=taken.values("submission_id")
    )
    q = request.GET.get("q", "").strip()
    if q:
        subs = subs.filter(title__icontains=q)
    page = paginate(request, subs)
    # Candidates more sensitive than the issue: adding them needs the chief's confirmation.
    raise_needed = {s.pk for s in page if policy.rank(s.item.classification) > policy.rank(issue.classification)}
    return {"candidates": page, "q": q, "raise_needed": raise_needed}


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def issue_update(request: AuthedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    form = IssueForm(request.POST, hub=issue.periodical.hub)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))  # ErrorList[i] is the message text already
        return redirect("publications:issue_detail", issue.pk)
    data = form.cleaned_data
    actions.update_issue(
        request.user,
        issue,
        editor_note=data["editor_note"],
        classification=data["classification"],
        copies=data["copies"],
        distribution={"extra_to": data["extra_to"]},
    )
    messages.success(request, _("本期设置已保存。"))
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def entry_add(request: AuthedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    submission = items_queries.visible_submission(request.user, int_param(request.POST.get("submission")) or 0)
    if submission is None:
        raise Http404
    actions.add_entry(
        request.user,
        issue,
        submission,
        adopt_now=request.POST.get("adopt") == "1",
        raise_classification=request.POST.get("raise_classification") == "1",
    )
    messages.success(request, _("已编入：%(t)s") % {"t": submission.title})
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
def entries_add(request: AuthedRequest) -> HttpResponse:
    """Several submissions at once, from the screening queue or the issue page (编入刊物): each is adopted
    if it is not yet, and added at the end; those refused are listed with the reason."""
    issue = _issue(request, int_param(request.POST.get("issue")) or 0)
    if not duties.can_compose(request.user, issue.periodical.hub_id):
        raise PermissionDenied(_("只有主办单位信息科人员可以编辑刊物。"))
    ids = int_params(request.POST.getlist("sub"))
    found = {
        s.pk: s for s in items_queries.adoptable_submissions(request.user, issue.periodical.hub).filter(pk__in=ids)
    }
    subs = [found[pk] for pk in dict.fromkeys(ids) if pk in found]  # in the order they were ticked on the page
    if not subs:
        messages.error(request, _("请先勾选要编入的信息。"))
        return redirect(request.POST.get("back") or reverse("items:queue"))
    added, refused = 0, []
    for sub in subs:
        try:
            actions.add_entry(request.user, issue, sub, adopt_now=True)
        except DomainError as exc:
            refused.append(f"《{sub.title}》：{exc.message}")
        else:
            added += 1
    if added:
        messages.success(request, _("已编入%(i)s %(n)d 条。") % {"i": issue, "n": added})
    for line in refused:
        messages.error(request, line)
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def entry_move(request: AuthedRequest, issue_id: int, entry_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    actions.move_entry(request.user, _entry(request, issue, entry_id), request.POST.get("direction", ""))
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def entries_reorder(request: AuthedRequest, issue_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    order = int_params(request.POST.get("order", "").split(","))
    actions.reorder_entries(request.user, issue, order)
    messages.success(request, _("已调整顺序。"))
    return redirect("publications:issue_detail", issue.pk)


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def entry_remove(request: AuthedRequest, issue_id: int, entry_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    actions.remove_entry(request.user, _entry(request, issue, entry_id))
    messages.success(request, _("已从本期移出。"))
    return redirect("publications:issue_detail", issue.pk)


@login_required
def entry_edit(request: AuthedRequest, issue_id: int, entry_id: int) -> HttpResponse:
    issue = _issue(request, issue_id)
    entry = _entry(request, issue, entry_id)
    version = items_queries.current_version(entry.submission)
    initial = {"title": version.title, "body": version.body, "editor_note": entry.editor_note}
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_entry(
                request.user,
                entry,
                title=data["title"],
                body=data["body"],
                editor_note=data["editor_note"],
                note=data["note"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已保存（原稿与各版本均保留）。"))
            return redirect("publications:issue_detail", issue.pk)
    return render(request, "publications/entry_form.html", {"form": form, "issue": issue, "entry": entry})


@login_required
@require_POST
@domain_errors_as_messages(_back_to_issue)
def issue_transition(request: AuthedRequest, issue_id: int, action: str) -> HttpResponse:
    """送审 / 审核通过 / 退回 / 签发 / 印发 / 删除 / 阅."""
    issue = _issue(request, issue_id)
    user = request.user
    comment = request.POST.get("comment", "")
    approve = request.POST.get("decision", "approve") != "return"
    if action == "submit":
        actions.submit_issue(user, issue)
        messages.success(request, _("已送审。"))
    elif action == "review":
        actions.review_issue(user, issue, approve=approve, comment=comment)
        messages.success(request, _("已审核，送主任签发。") if approve else _("已退回修改。"))
    elif action == "sign":
        issue = actions.sign_issue(user, issue, approve=approve, comment=comment)
        messages.success(request, _("已签发：%(i)s") % {"i": issue} if approve else _("已退回修改。"))
    elif action == "publish":
        issue, note = actions.publish_issue(user, issue)
        messages.success(request, note or _("已印发，采用已登记，刊物已发送。"))
    elif action == "delete":
        actions.delete_issue(user, issue)
        messages.success(request, _("本期已删除。"))
        return redirect("publications:issue_list")
    elif action == "read":
        actions.mark_read(user, issue)
        messages.success(request, _("已阅。"))
    else:
        raise Http404
    return redirect("publications:issue_detail", issue.pk)


def _numbered_copy(request: AuthedRequest, issue: Issue, kind: str) -> HttpResponseBase:
    """A 秘密/机密 issue leaves only as a numbered Word copy (份号登记); an unnumbered PDF would not."""
    if kind != "docx":
        messages.error(request, _("涉密刊物只提供编有份号的 Word 副本。"))
        return redirect("publications:issue_detail", issue.pk)
    copy = actions.take_copy(request.user, issue)
    content = layout.render_docx(issue_document(issue, copy_number=copy.number))
    name = f"{issue.periodical.name}{issue.label}-{copy.label}.docx"
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@login_required
def issue_preview(request: AuthedRequest, issue_id: int) -> HttpResponse:
    """The issue in its official layout, as HTML (live while composing)."""
    issue = _issue(request, issue_id)
    data = issue_document(issue)
    template = "publications/_paper.html" if request.htmx else "publications/issue_preview.html"
    return render(
        request,
        template,
        {"issue": issue, "doc": data, "date": layout.chinese_date(data.date)},
    )


@login_required
def issue_download(request: AuthedRequest, issue_id: int, kind: str) -> HttpResponseBase:
    """The stored Word/PDF of a published issue; a draft's Word file is made on the fly."""
    issue = _issue(request, issue_id)
    if kind not in ("docx", "pdf"):
        raise Http404
    name = f"{issue.periodical.name}{issue.label}.{kind}"
    if issue.numbers_copies:
        return _numbered_copy(request, issue, kind)
    stored = issue.docx_file if kind == "docx" else issue.pdf_file
    if stored:
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    try:
        content = layout.render_docx(issue_document(issue))
        if kind == "pdf":
            content = layout.docx_to_pdf(content)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("publications:issue_detail", issue.pk)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)


@login_required
def archive(request: AuthedRequest) -> HttpResponse:
    user = request.user
    periodical_id = int_param(request.GET.get("periodical"))
    year = int_param(request.GET.get("year"))
    q = request.GET.get("q", "").strip()
    issues = queries.archive(user, periodical_id=periodical_id, year=year, q=q)
    periodicals = Periodical.objects.filter(pk__in=queries.visible_issues(user).values("periodical_id"))
    context = {
        "page_obj": paginate(request, issues),
        "periodicals": periodicals,
        "years": queries.archive_years(user),
        "q": q,
        "periodical_id": periodical_id,
        "year": year,
    }
    return render(request, "publications/archive.html", context)


@login_required
def reading_list(request: AuthedRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    issues = queries.reading_list(request.user, unread_only=unread)
    return render(request, "publications/reading_list.html", {"page_obj": paginate(request, issues), "unread": unread})
