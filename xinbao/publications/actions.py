"""Every write on publications: periodicals, composing an issue, sign-off (核签), publishing, reading."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import actions as items_actions
from xinbao.items import policy
from xinbao.items import queries as items_queries
from xinbao.items.models import AdoptionLevel, Classification, Readers, Submission, SubmissionState
from xinbao.notify.actions import clear_for, notify
from xinbao.orgs import duties
from xinbao.orgs import queries as orgs_queries
from xinbao.orgs.models import Channel, Unit, User
from xinbao.orgs.roles import Role

from . import render, states
from .document import issue_document
from .models import (
    EDITABLE_STATES,
    Issue,
    IssueCopy,
    IssueDelivery,
    IssueEntry,
    IssueRead,
    IssueState,
    IssueStep,
    Periodical,
    PeriodicalKind,
    Series,
)
from .queries import can_read

PERIODICAL_FIELDS = ("name", "kind", "issuer_name", "classification", "running_total", "total_base", "copies")
ADDABLE_STATES = (
    SubmissionState.ADOPTED,
    SubmissionState.PENDING,
    SubmissionState.RESERVE,
    SubmissionState.FORWARDED,  # sent up without an adoption here: printing it adopts it
)


# --- permissions ------------------------------------------------------------------------------


def _require_staff(user: User | None, hub_id: int, message: str | None = None) -> None:
    duties.require(duties.can_compose(user, hub_id), message or _("只有主办单位信息科人员可以编辑刊物。"))


# --- periodicals ------------------------------------------------------------------------------


def _clean_periodical(fields: dict[str, Any]) -> dict[str, Any]:
    name = str(fields.get("name", "")).strip().strip("《》")
    if not name:
        raise DomainError(_("请填写刊名。"), field="name")
    if fields.get("kind", PeriodicalKind.REGULAR) not in PeriodicalKind.values:
        raise DomainError(_("刊物类型不正确。"), field="kind")
    if fields.get("classification", Classification.INTERNAL) not in Classification.values:
        raise DomainError(_("密级不正确。"), field="classification")
    copies = fields.get("copies", 50)
    if not isinstance(copies, int) or copies < 1:
        raise DomainError(_("印数须为正整数。"), field="copies")
    return {**fields, "name": name}


def _set_distribution(obj: Periodical | Issue, distribution: dict[str, Iterable[Unit]] | None) -> None:
    for line, units in (distribution or {}).items():
        if line not in ("report_to", "send_to", "issue_to", "extra_to"):
            raise DomainError(_("发送范围不正确。"))
        getattr(obj, line).set(list(units))


@write_action
def create_periodical(
    user: User | None,
    *,
    hub: Unit,
    channel: Channel,
    distribution: dict[str, Iterable[Unit]] | None = None,
    **fields: Any,
) -> Periodical:
    _require_staff(user, hub.pk, _("只有本级信息科人员可以设立刊物。"))
    if not orgs_queries.is_hub(hub, channel):
        raise DomainError(_("该单位不是此渠道的信息汇集单位，不能设立刊物。"), field="channel")
    fields = _clean_periodical({k: v for k, v in fields.items() if k in PERIODICAL_FIELDS})
    if Periodical.objects.filter(hub=hub, name=fields["name"]).exists():
        raise DomainError(_("本单位已有同名刊物。"), field="name")
    periodical = Periodical.objects.create(hub=hub, channel=channel, **fields)
    _set_distribution(periodical, distribution)
    record(user, "publications.create_periodical", periodical, new=fields)
    return periodical


@write_action
def update_periodical(
    user: User | None, periodical: Periodical, *, distribution: dict[str, Iterable[Unit]] | None = None, **fields: Any
) -> Periodical:
    _require_staff(user, periodical.hub_id, _("只有本级信息科人员可以修改刊物。"))
    old = {name: getattr(periodical, name) for name in PERIODICAL_FIELDS}
    fields = _clean_periodical({**old, **{k: v for k, v in fields.items() if k in PERIODICAL_FIELDS}})
    if Periodical.objects.filter(hub_id=periodical.hub_id, name=fields["name"]).exclude(pk=periodical.pk).exists():
        raise DomainError(_("本单位已有同名刊物。"), field="name")
    for name, value in fields.items():
        setattr(periodical, name, value)
    periodical.save()
    _set_distribution(periodical, distribution)
    record(user, "publications.update_periodical", periodical, old=old, new=fields)
    return periodical


@write_action
def close_periodical(user: User | None, periodical: Periodical) -> Periodical:
    """停刊 (a soft delete): no new issues; its issues stay in the archive."""
    duties.require(duties.can_close_periodical(user, periodical.hub_id), _("只有信息科科长或办公室主任可以停刊。"))
    if periodical.deleted_at is None:
        periodical.deleted_at = timezone.now()
        periodical.save(update_fields=["deleted_at"])
        record(user, "publications.close_periodical", periodical)
    return periodical


# --- composing an issue -----------------------------------------------------------------------


def _step(issue: Issue, user: User | None, action: str, comment: str = "") -> None:
    IssueStep.objects.create(issue=issue, action=action, state=issue.state, user=user, comment=comment)


def _locked(issue: Issue) -> Issue:
    return Issue.objects.select_for_update().select_related("periodical__hub").get(pk=issue.pk)


def _require_editable(issue: Issue) -> None:
    if issue.state not in EDITABLE_STATES:
        raise DomainError(
            _("本期处于“%(s)s”状态，不能再修改；已签发的刊物如有错误请另编更正期。") % {"s": issue.get_state_display()}
        )


@write_action
def create_issue(
    user: User, periodical: Periodical, *, series: str | None = None, corrects: Issue | None = None
) -> Issue:
    """A new draft issue with the periodical's classification, copies and distribution."""
    _require_staff(user, periodical.hub_id)
    if periodical.deleted_at is not None:
        raise DomainError(_("该刊物已停刊。"))
    series = series or (Series.SUPPLEMENT if periodical.kind == PeriodicalKind.SUPPLEMENT else Series.REGULAR)
    if series not in Series.values:
        raise DomainError(_("期刊序列不正确。"), field="series")
    if corrects is not None and (corrects.periodical_id != periodical.pk or not corrects.is_frozen):
        raise DomainError(_("只能更正本刊已签发的期次。"), field="corrects")
    issue = Issue.objects.create(
        periodical=periodical,
        series=series,
        classification=periodical.classification,
        copies=periodical.copies,
        corrects=corrects,
        created_by=user,  # a person, never the system: the issue records who created it
    )
    for line in ("report_to", "send_to", "issue_to"):
        getattr(issue, line).set(getattr(periodical, line).all())
    _step(issue, user, "create")
    record(user, "publications.create_issue", issue, new={"periodical": str(periodical), "series": series})
    return issue


@write_action
def update_issue(
    user: User | None,
    issue: Issue,
    *,
    editor_note: str | None = None,
    classification: str | None = None,
    copies: int | None = None,
    distribution: dict[str, Iterable[Unit]] | None = None,
) -> Issue:
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id)
    _require_editable(issue)
    old = {"editor_note": issue.editor_note, "classification": issue.classification, "copies": issue.copies}
    if classification is not None:
        if classification not in Classification.values:
            raise DomainError(_("密级不正确。"), field="classification")
        _check_not_below_entries(issue, classification)
        issue.classification = classification
    if distribution and any(list(units) for units in distribution.values()):
        _check_no_restricted_entries(issue)
    if copies is not None:
        if copies < 1:
            raise DomainError(_("印数须为正整数。"), field="copies")
        issue.copies = copies
    if editor_note is not None:
        issue.editor_note = editor_note.strip()
    issue.save()
    _set_distribution(issue, distribution)
    new = {"editor_note": issue.editor_note, "classification": issue.classification, "copies": issue.copies}
    record(user, "publications.update_issue", issue, old=old, new=new)
    return issue


@write_action
def add_entry(
    user: User | None,
    issue: Issue,
    submission: Submission,
    *,
    editor_note: str = "",
    adopt_now: bool = False,
    raise_classification: bool = False,
) -> IssueEntry:
    """Put a submission of the hub's queue at the end of the issue. Its adoption is recorded when the issue
    is published; ``adopt_now`` takes a pending or reserve item's 采用 decision at once (the issue then
    fills in that same adoption — never a second one).

    An entry's 密级 may not exceed the issue's: the chief (or director) may raise the issue's 密级 to take
    it (``raise_classification``, an explicit confirmation on the page); anyone else is refused. An item of
    restricted 知悉范围 never goes into an issue that is sent to anyone."""
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id)
    _require_editable(issue)
    if submission.hub_id != issue.periodical.hub_id:
        raise DomainError(_("只能编入报送到本单位的信息。"))
    if submission.state not in ADDABLE_STATES:
        raise DomainError(
            _("该信息处于“%(s)s”状态，不能编入刊物。") % {"s": submission.get_state_display()}, field="submission"
        )
    if issue.entries.filter(submission=submission).exists():
        raise DomainError(_("该信息已在本期中。"), field="submission")
    other = (
        IssueEntry.objects.filter(submission=submission, issue__periodical_id=issue.periodical_id)
        .exclude(issue__state=IssueState.DELETED)
        .select_related("issue__periodical")
        .first()
    )
    if other is not None:
        raise DomainError(_("该信息已编入%(i)s，同一刊物不重复刊登。") % {"i": other.issue}, field="submission")
    item = submission.item
    if item.readers == Readers.RESTRICTED and _is_distributed(issue):
        raise DomainError(_("该信息限定了知悉范围，不能编入有发送范围的刊物。"), field="submission")
    if policy.rank(item.classification) > policy.rank(issue.classification):
        _raise_for(user, issue, item.classification, confirmed=raise_classification)
    if adopt_now and submission.state != SubmissionState.ADOPTED:
        items_actions.adopt(user, submission)
    last = issue.entries.aggregate(m=Max("position"))["m"] or 0
    entry = IssueEntry.objects.create(issue=issue, submission=submission, position=last + 1, editor_note=editor_note)
    record(user, "publications.add_entry", issue, new={"submission": submission.pk, "title": policy.public_title(item)})
    return entry


def _is_distributed(issue: Issue) -> bool:
    return any(getattr(issue, line).exists() for line in ("report_to", "send_to", "issue_to", "extra_to"))


def _raise_for(user: User | None, issue: Issue, classification: str, *, confirmed: bool) -> None:
    """Raise the issue's 密级 to take a more sensitive entry: only the chief or director, and only when they
    confirmed it on the page; the step is kept with the issue's sign-off steps."""
    labels = dict(Classification.choices)
    shown = {"i": labels[classification], "s": labels[issue.classification]}
    if not duties.can_raise_classification(user, issue.periodical.hub_id):
        raise PermissionRefused(
            _("该信息密级（%(i)s）高于本期密级（%(s)s），须由信息科科长确认提高本期密级后才能编入。") % shown
        )
    if not confirmed:
        raise DomainError(
            _("该信息密级（%(i)s）高于本期密级（%(s)s）。如确需编入，请勾选“提高本期密级”后再编入。") % shown,
            field="raise_classification",
        )
    old = issue.classification
    issue.classification = classification
    issue.save(update_fields=["classification"])
    _step(issue, user, "raise_classification", _("密级由%(s)s提高为%(i)s") % shown)
    record(
        user,
        "publications.raise_classification",
        issue,
        old={"classification": old},
        new={"classification": classification},
    )


def _check_not_below_entries(issue: Issue, classification: str) -> None:
    highest = max(
        (e.submission.item.classification for e in issue.entries.select_related("submission__item")),
        key=policy.rank,
        default=None,
    )
    if highest is not None and policy.rank(classification) < policy.rank(highest):
        label = dict(Classification.choices)[highest]
        raise DomainError(
            _("本期已编入密级为%(c)s的信息，本期密级不能低于%(c)s。") % {"c": label}, field="classification"
        )


def _check_no_restricted_entries(issue: Issue) -> None:
    if issue.entries.filter(submission__item__readers=Readers.RESTRICTED).exists():
        raise DomainError(_("本期编入了限定知悉范围的信息，不能设置发送范围；请先移出该信息。"))


def _entry_for_edit(user: User | None, entry: IssueEntry) -> IssueEntry:
    issue = _locked(entry.issue)
    _require_staff(user, issue.periodical.hub_id)
    _require_editable(issue)
    return IssueEntry.objects.select_related("issue", "submission").get(pk=entry.pk)


@write_action
def remove_entry(user: User | None, entry: IssueEntry) -> None:
    entry = _entry_for_edit(user, entry)
    issue = entry.issue
    entry.delete()
    for position, row in enumerate(issue.entries.order_by("position", "id"), start=1):
        if row.position != position:
            IssueEntry.objects.filter(pk=row.pk).update(position=position)
    record(user, "publications.remove_entry", issue, old={"submission": entry.submission_id})


@write_action
def move_entry(user: User | None, entry: IssueEntry, direction: str) -> None:
    """Swap the entry with its neighbour above (``up``) or below (``down``)."""
    entry = _entry_for_edit(user, entry)
    if direction not in ("up", "down"):
        raise DomainError(_("移动方向不正确。"))
    rows = list(entry.issue.entries.order_by("position", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == entry.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return  # already first/last: nothing to do
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            IssueEntry.objects.filter(pk=row.pk).update(position=position)
    record(user, "publications.move_entry", entry.issue, new={"submission": entry.submission_id, "to": direction})


@write_action
def reorder_entries(user: User | None, issue: Issue, entry_ids: list[int]) -> None:
    """The entries in the given order (dragged on the page); every entry of the issue must be named once."""
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id)
    _require_editable(issue)
    rows = {row.pk: row for row in issue.entries.all()}
    if sorted(entry_ids) != sorted(rows):
        raise DomainError(_("顺序与本期稿件不一致，请刷新页面后再调整。"))
    for position, pk in enumerate(entry_ids, start=1):
        if rows[pk].position != position:
            IssueEntry.objects.filter(pk=pk).update(position=position)
    record(user, "publications.reorder_entries", issue, new={"order": entry_ids})


@write_action
def edit_entry(
    user: User | None, entry: IssueEntry, *, title: str, body: str, editor_note: str, note: str = ""
) -> None:
    """Edit an item's title and text for this issue (a new hub version in items; the original is kept)
    and its 编者按."""
    entry = _entry_for_edit(user, entry)
    current = items_queries.current_version(entry.submission)
    if title.strip() != current.title or body.strip() != current.body:
        items_actions.edit_submission(
            user, entry.submission, title=title.strip(), body=body.strip(), note=note or _("刊物编辑")
        )
    if editor_note.strip() != entry.editor_note:
        old = entry.editor_note
        entry.editor_note = editor_note.strip()
        entry.save(update_fields=["editor_note"])
        record(user, "publications.entry_note", entry.issue, old={"note": old}, new={"note": entry.editor_note})


@write_action
def delete_issue(user: User | None, issue: Issue) -> Issue:
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id)
    issue.state = states.transition(issue.state, "delete")
    issue.save(update_fields=["state"])
    _step(issue, user, "delete")
    record(user, "publications.delete_issue", issue)
    return issue


# --- sign-off (核签) ----------------------------------------------------------------------------


def _hub_people(issue: Issue, role: str) -> list[User]:
    return list(orgs_queries.users_with_role(role, unit=issue.periodical.hub))


def _check_entries(issue: Issue) -> None:
    """Items decided otherwise in the queue since they were added (退回/不采用/已综合) cannot be printed."""
    stale = [
        entry.submission
        for entry in issue.entries.select_related("submission")
        if entry.submission.state not in ADDABLE_STATES
    ]
    if stale:
        names = "、".join(f"《{s.title}》（{s.get_state_display()}）" for s in stale)
        raise DomainError(_("以下稿件在筛选中已另作处理，请移出后再继续：%(n)s") % {"n": names})


@write_action
def submit_issue(user: User | None, issue: Issue) -> Issue:
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id)
    if not issue.entries.exists() and not issue.editor_note.strip():
        raise DomainError(_("本期还没有编入任何信息，不能送审。"))
    _check_entries(issue)
    issue.state = states.transition(issue.state, "submit")
    issue.save(update_fields=["state"])
    _step(issue, user, "submit")
    record(user, "publications.submit_issue", issue)
    notify(_hub_people(issue, Role.HUB_CHIEF), "publications.review", _("%(i)s待您审核。") % {"i": issue}, _url(issue))
    return issue


@write_action
def review_issue(user: User | None, issue: Issue, *, approve: bool, comment: str = "") -> Issue:
    """The chief's review: pass it on to the director, or return it to the editors with comments."""
    issue = _locked(issue)
    duties.require(duties.can_review_issue(user, issue.periodical.hub_id), _("只有信息科科长可以审核刊物。"))
    return _decide(user, issue, "approve" if approve else "return", comment)


def _decide(user: User | None, issue: Issue, action: str, comment: str) -> Issue:
    if action == "return" and not comment.strip():
        raise DomainError(_("退回时请填写修改意见。"), field="comment")
    issue.state = states.transition(issue.state, action)
    issue.save(update_fields=["state"])
    _step(issue, user, action, comment.strip())
    record(user, f"publications.{action}_issue", issue, new={"comment": comment.strip()})
    if action == "approve":
        text = _("%(i)s已审核，待您签发。") % {"i": issue}
        notify(_hub_people(issue, Role.HUB_DIRECTOR), "publications.sign", text, _url(issue))
    else:
        text = _("%(i)s被退回修改：%(c)s") % {"i": issue, "c": comment.strip()}
        notify(_hub_people(issue, Role.HUB_EDITOR), "publications.returned", text, _url(issue))
    return issue


def next_number(periodical: Periodical, series: str, year: int) -> tuple[int, int | None]:
    """The yearly number in the series and, for 正刊 of a periodical that prints it, the running total."""
    numbered = Issue.objects.filter(periodical=periodical, number__isnull=False)
    last = numbered.filter(series=series, year=year).aggregate(m=Max("number"))["m"] or 0
    total = None
    if periodical.running_total and series == Series.REGULAR:
        last_total = numbered.filter(series=Series.REGULAR).aggregate(m=Max("total_number"))["m"]
        total = (last_total or periodical.total_base) + 1
    return last + 1, total


def _freeze_entries(issue: Issue) -> None:
    """Keep the text as signed: later edits of the items never change a signed issue."""
    titles = []
    for entry in issue.entries.select_related("submission"):
        version = items_queries.current_version(entry.submission)
        entry.title, entry.body = version.title, version.body
        entry.save(update_fields=["title", "body"])
        titles.append(f"{version.title}\n{version.body}")
    issue.search_text = "\n".join(titles)


@write_action
def sign_issue(user: User | None, issue: Issue, *, approve: bool = True, comment: str = "") -> Issue:
    """The director signs (签发): the issue gets its number and today's date, and is frozen."""
    issue = _locked(issue)
    duties.require(duties.can_sign_issue(user, issue.periodical.hub_id), _("只有办公室主任可以签发刊物。"))
    if not approve:
        return _decide(user, issue, "return", comment)
    issue.state = states.transition(issue.state, "sign")
    _check_entries(issue)
    # Numbering is serialised per periodical: the row lock makes two signatures wait for each other.
    periodical = Periodical.objects.select_for_update().get(pk=issue.periodical_id)
    today = timezone.localdate()
    issue.year = today.year
    issue.number, issue.total_number = next_number(periodical, issue.series, today.year)
    issue.issue_date = today
    issue.signed_at = timezone.now()
    issue.signed_by = user
    _freeze_entries(issue)
    issue.save()
    _step(issue, user, "sign", comment.strip())
    record(user, "publications.sign_issue", issue, new={"number": issue.label, "date": today})
    notify(_hub_people(issue, Role.HUB_EDITOR), "publications.signed", _("%(i)s已签发。") % {"i": issue}, _url(issue))
    return issue


def _url(issue: Issue) -> str:
    return f"/publications/issues/{issue.pk}/"


# --- publishing and distribution --------------------------------------------------------------


def _file_name(issue: Issue, ext: str) -> str:
    return f"{issue.periodical.name}-{issue.year}-{issue.series}-{issue.number}.{ext}"


def _store_word(issue: Issue) -> str:
    """Write the Word file now; the PDF follows in the background. Returns a note for the user."""
    content = render.render_docx(issue_document(issue))
    issue.docx_file.save(_file_name(issue, "docx"), ContentFile(content), save=False)
    if not getattr(settings, "XINBAO_ISSUE_PDF", True):
        return ""
    if render.soffice_path() is None:
        return _("已印发。服务器未安装 LibreOffice，本期只存 Word 文件。")
    from .tasks import make_issue_pdf

    transaction.on_commit(lambda: make_issue_pdf.enqueue(issue.pk))
    return ""


@write_action
def store_issue_pdf(user: User | None, issue_id: int) -> str:
    """Convert the stored Word file of a published issue to PDF and keep it (run by the worker)."""
    issue = Issue.objects.select_for_update().filter(pk=issue_id, state=IssueState.PUBLISHED).first()
    if issue is None or not issue.docx_file or issue.pdf_file:
        return ""
    with issue.docx_file.open("rb") as word:
        content = word.read()
    try:
        pdf = render.docx_to_pdf(content)
    except DomainError as exc:
        return exc.message
    issue.pdf_file.save(_file_name(issue, "pdf"), ContentFile(pdf), save=False)
    issue.save(update_fields=["pdf_file"])
    record(user, "publications.store_pdf", issue, new={"pdf": issue.pdf_file.name})
    return ""


def adoption_level(hub: Unit) -> str:
    return hub.level if hub.level in AdoptionLevel.values else AdoptionLevel.COUNTY


@write_action
def publish_issue(user: User | None, issue: Issue) -> tuple[Issue, str]:
    """印发: store the files, record the adoption of every item once, deliver to the reading lists.

    Pressing it again on a published issue changes nothing (the row lock makes a double click wait).
    Returns the issue and a note (e.g. no PDF because LibreOffice is missing). The PDF is made by the
    worker after the transaction commits (``tasks.make_issue_pdf``).
    """
    issue = _locked(issue)
    _require_staff(user, issue.periodical.hub_id, _("只有主办单位信息科人员可以印发刊物。"))
    if issue.state == IssueState.PUBLISHED:
        return issue, _("本期已印发，未重复处理。")
    issue.state = states.transition(issue.state, "publish")
    note = _store_word(issue)
    issue.published_at = timezone.now()
    issue.save()
    _adopt_entries(user, issue)
    _deliver(issue)
    _step(issue, user, "publish")
    record(user, "publications.publish_issue", issue, new={"number": issue.label, "docx": issue.docx_file.name})
    return issue, note


def _adopt_entries(user: User | None, issue: Issue) -> None:
    periodical = issue.periodical
    with translation.override("zh-hans"):  # the issue label is stored with the adoption
        label = issue.label
    items_actions.adopt_in_issue(
        user,
        list(issue.entries.order_by("position", "pk").values_list("submission_id", flat=True)),
        items_actions.IssuePrint(
            level=adoption_level(periodical.hub),
            issue_id=issue.pk,
            periodical_id=periodical.pk,
            publication=str(periodical),
            issue_label=label,
            adopted_on=issue.issue_date or timezone.localdate(),
        ),
    )


def _deliver(issue: Issue) -> None:
    """Every unit on the distribution (and the hub itself, whose leaders read their own periodical —
    unless the issue holds an item of restricted 知悉范围, which only the hub's staff may read)."""
    restricted = issue.entries.filter(submission__item__readers=Readers.RESTRICTED).exists()
    rows: dict[int, str] = {} if restricted else {issue.periodical.hub_id: "own"}
    for line in ("extra_to", "issue_to", "send_to", "report_to"):
        for unit_id in getattr(issue, line).values_list("pk", flat=True):
            rows[unit_id] = line
    IssueDelivery.objects.bulk_create(
        [IssueDelivery(issue=issue, unit_id=unit_id, line=line) for unit_id, line in rows.items()],
        ignore_conflicts=True,
    )
    leaders = orgs_queries.users_with_role(Role.LEADER).filter(unit_id__in=list(rows))
    notify(leaders, "publications.delivered", _("新刊物待阅：%(i)s") % {"i": issue}, _url(issue))


@write_action
def mark_read(user: User, issue: Issue) -> IssueRead:
    """阅: a reader of a delivered issue marks it read (once)."""
    if not can_read(user, issue):
        raise PermissionRefused(_("本期刊物未发送到您的单位。"))
    read, created = IssueRead.objects.get_or_create(issue=issue, user=user)
    if created:
        record(user, "publications.mark_read", issue)
    clear_for(user, _url(issue))  # "新刊物待阅" is done once it is read
    return read


@write_action
def take_copy(user: User, issue: Issue) -> IssueCopy:
    """A numbered copy (份号) of a 秘密/机密 issue for a reader: the next number, registered and
    audited, so every copy that leaves the system can be traced to the person who took it."""
    if not issue.numbers_copies:
        raise DomainError(_("只有秘密、机密刊物编制份号。"))
    if not can_read(user, issue):
        raise PermissionRefused(_("您无权阅读本期刊物。"))
    Issue.objects.select_for_update().filter(pk=issue.pk).first()  # numbers are handed out one at a time
    last = issue.copies_taken.aggregate(n=Max("number"))["n"] or 0
    copy = IssueCopy.objects.create(issue=issue, number=last + 1, taken_by=user)
    record(user, "publications.take_copy", issue, new={"份号": copy.label})
    return copy
