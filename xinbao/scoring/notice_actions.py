"""Every write on notices (通报), each one audited in one transaction, state through ``states.py``.

The hub's information section generates a notice (the figures are gathered after the period is
recomputed), edits its title, lead paragraph (导语) and remarks (有关要求), and submits it; the chief or
director approves it or returns it with a comment; after approval it is published to the assessed units'
reading lists (the Word file is kept as sent); the chief or director may withdraw a published notice
with a reason, and the editor redraft it. A unit's reader opening a published notice records the
unit's receipt (``mark_read``, the shared rule of ``notify.receipts``).

Notifications clear when the thing they ask for is done: a review request when the notice is decided,
a return when the notice is resubmitted, an approval when it is published, the publication message when
the reader opens the notice.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.notify import receipts
from xinbao.notify.actions import notify
from xinbao.orgs import duties
from xinbao.orgs.models import User
from xinbao.orgs.roles import ADMIN_ROLES, Role

from . import actions as scoring_actions
from . import periods, queries
from .models import Notice, NoticeReceipt, NoticeState, NoticeStep, RuleSet
from .notices import content, data, render
from .notices import queries as notice_queries
from .periods import Period
from .states import NoticeAction, notice_next

if TYPE_CHECKING:
    from xinbao.notify.receipts import ReadMarks

NOTICE_KINDS = ("month", "quarter", "year")
MAX_TITLE = 200
MAX_TEXT = 3000

# Inbox message kinds about notices (cleared when what they ask for is done).
REVIEW, RETURNED, APPROVED, PUBLISHED, WITHDRAWN = (
    "scoring.notice_review",
    "scoring.notice_returned",
    "scoring.notice_approved",
    "scoring.notice",
    "scoring.notice_withdrawn",
)


def notice_url(notice: Notice) -> str:
    return reverse("scoring:notice", args=[notice.pk])


def _title(period: Period) -> str:
    return _("关于%(p)s信息工作情况的通报") % {"p": period.label}


def _require_manager(user: User | None, notice_or_rule_set: Notice | RuleSet) -> None:
    hub_id = notice_or_rule_set.rule_set.hub_id if isinstance(notice_or_rule_set, Notice) else notice_or_rule_set.hub_id
    duties.require(duties.can_manage_rules(user, hub_id), _("只有该汇总单位的信息科人员可以编发通报。"))


def _require_approver(user: User | None, notice: Notice) -> None:
    duties.require(
        duties.can_approve_notice(user, notice.rule_set.hub_id), _("只有该汇总单位的科长或主任可以审核通报。")
    )


def _move(user: User | None, notice: Notice, action: NoticeAction, comment: str = "") -> None:
    """Change the state through the table and keep the step."""
    notice.state = notice_next(notice.state, action)
    NoticeStep.objects.create(notice=notice, action=action, state=notice.state, user=user, comment=comment)


def _locked(notice: Notice) -> Notice:
    """Lock the notice's row for this transaction and reload it (a double click waits, then sees the
    new state); the caller's object is the one updated."""
    Notice.objects.select_for_update().filter(pk=notice.pk).values_list("pk").first()
    notice.refresh_from_db()
    return notice


def _gather(user: User | None, notice: Notice) -> None:
    """Recompute the period's ledger, then gather the figures the notice will show."""
    period = Period(notice.start, notice.end, notice.period_type)
    scoring_actions.recompute(user, notice.rule_set, period.start, period.end)
    notice.figures = data.to_json(data.notice_data(notice.rule_set, period))
    notice.figures_at = timezone.now()


# --- The editor's side ------------------------------------------------------------------------------


@write_action
def create_notice(user: User | None, rule_set: RuleSet, period: Period) -> Notice:
    """A draft notice for ``period`` (a month, quarter or year). If one exists and is still with the
    editor, its figures are gathered again; a notice under review or published is never changed."""
    _require_manager(user, rule_set)
    if rule_set.active_version is None:
        raise DomainError(_("该考核办法尚未启用任何版本。"))
    if period.kind not in NOTICE_KINDS:
        raise DomainError(_("通报按月、季度或年度编发，请选择月份、季度或年度。"), field="period")
    existing = Notice.objects.filter(rule_set=rule_set, period_type=period.kind, start=period.start).first()
    if existing is not None:
        return regenerate_notice(user, existing)
    notice = Notice(
        rule_set=rule_set,
        period_type=period.kind,
        start=period.start,
        end=period.end,
        title=_title(period),
        created_by=user,
    )
    _gather(user, notice)
    notice.save()
    NoticeStep.objects.create(notice=notice, action=NoticeAction.GENERATE, state=notice.state, user=user)
    record(user, "scoring.create_notice", notice, new={"period": period.label})
    return notice


@write_action
def regenerate_notice(user: User | None, notice: Notice) -> Notice:
    """Gather the figures again (after late adoptions, a corrected rule set …): draft or returned only."""
    notice = _locked(notice)
    _require_manager(user, notice)
    _move(user, notice, NoticeAction.REGENERATE)
    _gather(user, notice)
    notice.save(update_fields=["state", "figures", "figures_at"])
    record(user, "scoring.regenerate_notice", notice, new={"figures_at": notice.figures_at})
    return notice


@write_action
def edit_notice(user: User | None, notice: Notice, *, title: str, lead: str = "", remarks: str = "") -> Notice:
    """The editor's words: the title, the lead paragraph (导语) and the remarks (有关要求)."""
    notice = _locked(notice)
    _require_manager(user, notice)
    title, lead, remarks = title.strip(), lead.strip(), remarks.strip()
    if not title:
        raise DomainError(_("请填写通报标题。"), field="title")
    if len(title) > MAX_TITLE:
        raise DomainError(_("标题不能超过%(n)s个字。") % {"n": MAX_TITLE}, field="title")
    for field, text in (("lead", lead), ("remarks", remarks)):
        if len(text) > MAX_TEXT:
            raise DomainError(_("不能超过%(n)s个字。") % {"n": MAX_TEXT}, field=field)
    old = {"title": notice.title, "lead": notice.lead, "remarks": notice.remarks}
    new = {"title": title, "lead": lead, "remarks": remarks}
    if old == new:
        return notice
    _move(user, notice, NoticeAction.EDIT)
    notice.title, notice.lead, notice.remarks = title, lead, remarks
    notice.save(update_fields=["state", "title", "lead", "remarks"])
    changed = [k for k in new if old[k] != new[k]]
    record(user, "scoring.edit_notice", notice, old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
    return notice


def _seniors(notice: Notice) -> QuerySet[User]:
    return User.objects.filter(
        unit_id=notice.rule_set.hub_id, is_active=True, roles__role__in=[Role.HUB_CHIEF, Role.HUB_DIRECTOR]
    ).distinct()


@write_action
def submit_notice(user: User | None, notice: Notice) -> Notice:
    """送审: the chief and director of the hub are asked to review it."""
    notice = _locked(notice)
    _require_manager(user, notice)
    _move(user, notice, NoticeAction.SUBMIT)
    notice.save(update_fields=["state"])
    url = notice_url(notice)
    cleared = receipts.clear_messages([url], kinds=[RETURNED])
    notify(_seniors(notice), REVIEW, _("通报待审核：《%(t)s》") % {"t": notice.title}, url)
    record(user, "scoring.submit_notice", notice, new={"cleared": cleared} if cleared else None)
    return notice


@write_action
def recall_notice(user: User | None, notice: Notice) -> Notice:
    """撤回送审: the editor takes back a notice still waiting for review."""
    notice = _locked(notice)
    _require_manager(user, notice)
    _move(user, notice, NoticeAction.RECALL)
    notice.save(update_fields=["state"])
    receipts.clear_messages([notice_url(notice)], kinds=[REVIEW])
    record(user, "scoring.recall_notice", notice)
    return notice


# --- The chief's side --------------------------------------------------------------------------------


def _editors(notice: Notice) -> list[User]:
    """Who prepared the notice: whoever generated or submitted it (the system has no inbox)."""
    ids = set(
        notice.steps.filter(action__in=[NoticeAction.GENERATE, NoticeAction.SUBMIT], user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


@write_action
def approve_notice(user: User | None, notice: Notice, comment: str = "", *, publish: bool = False) -> Notice:
    """审核通过 (with an optional comment); ``publish``: publish it at once ("审核通过并发布")."""
    notice = _locked(notice)
    _require_approver(user, notice)
    _move(user, notice, NoticeAction.APPROVE, comment.strip())
    notice.save(update_fields=["state"])
    url = notice_url(notice)
    receipts.clear_messages([url], kinds=[REVIEW])
    record(user, "scoring.approve_notice", notice, new={"comment": comment.strip()} if comment.strip() else None)
    if publish:
        _publish(user, notice)
    else:
        notify(_editors(notice), APPROVED, _("通报已审核通过，可以发布：《%(t)s》") % {"t": notice.title}, url)
    return notice


@write_action
def return_notice(user: User | None, notice: Notice, comment: str) -> Notice:
    """退回修改, with the chief's comment (required)."""
    notice = _locked(notice)
    _require_approver(user, notice)
    comment = comment.strip()
    if not comment:
        raise DomainError(_("退回时请填写修改意见。"), field="comment")
    _move(user, notice, NoticeAction.RETURN, comment)
    notice.save(update_fields=["state"])
    url = notice_url(notice)
    receipts.clear_messages([url], kinds=[REVIEW, APPROVED])
    notify(
        _editors(notice),
        RETURNED,
        _("通报被退回修改：《%(t)s》。意见：%(c)s") % {"t": notice.title, "c": comment},
        url,
    )
    record(user, "scoring.return_notice", notice, new={"comment": comment})
    return notice


def _assessed_unit_ids(notice: Notice) -> list[int]:
    rule_set = notice.rule_set
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    return [u.unit_id for u in queries.assessed_units(rule_set, spec)]


def _readers(unit_ids: list[int]) -> QuerySet[User]:
    """The business people of these units (admin accounts read no notices)."""
    return (
        User.objects.filter(unit_id__in=unit_ids, is_active=True, deleted_at__isnull=True)
        .exclude(roles__role__in=list(ADMIN_ROLES))
        .distinct()
    )


def document_bytes(notice: Notice, *, when: datetime.date | None = None) -> bytes:
    """The notice's Word file as it stands (figures, title, lead, remarks), dated ``when``."""
    return render.render_docx(content.build(notice, data.from_json(notice.figures), when=when))


def _publish(user: User | None, notice: Notice) -> int:
    _require_manager(user, notice)
    _move(user, notice, NoticeAction.PUBLISH)
    notice.published_at = timezone.now()
    today = timezone.localdate(notice.published_at)
    file = ContentFile(document_bytes(notice, when=today))
    notice.document.save(
        f"notice-{notice.rule_set_id}-{notice.period_type}-{notice.start:%Y%m%d}.docx", file, save=False
    )
    notice.save(update_fields=["state", "published_at", "document"])
    unit_ids = _assessed_unit_ids(notice)
    # Published again after a withdrawal: the corrected notice is unread everywhere (the earlier
    # receipts stay in the audit log).
    NoticeReceipt.objects.filter(notice=notice).update(read_at=None, read_by=None)
    NoticeReceipt.objects.bulk_create(
        [NoticeReceipt(notice=notice, unit_id=u) for u in unit_ids], ignore_conflicts=True
    )
    url = notice_url(notice)
    receipts.clear_messages([url], kinds=[APPROVED])
    notify(
        _readers(unit_ids),
        PUBLISHED,
        _("%(h)s发布了《%(t)s》，请阅读。") % {"h": notice.rule_set.hub.name, "t": notice.title},
        url,
    )
    record(user, "scoring.publish_notice", notice, new={"units": len(unit_ids), "document": notice.document.name})
    return len(unit_ids)


@write_action
def publish_notice(user: User | None, notice: Notice) -> int:
    """发布 an approved notice: its Word file is kept as sent, it goes on every assessed unit's reading
    list, their people are told. Returns the number of units."""
    return _publish(user, _locked(notice))


@write_action
def withdraw_notice(user: User | None, notice: Notice, reason: str) -> Notice:
    """撤回 a published notice (the chief or director, with a reason): the units see that it was
    withdrawn and why; the editor may redraft it."""
    notice = _locked(notice)
    _require_approver(user, notice)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("撤回通报请填写原因。"), field="comment")
    _move(user, notice, NoticeAction.WITHDRAW, reason)
    notice.save(update_fields=["state"])
    url = notice_url(notice)
    unit_ids = list(notice.receipts.values_list("unit_id", flat=True))
    receipts.clear_messages([url], kinds=[PUBLISHED])
    notify(
        _readers(unit_ids),
        WITHDRAWN,
        _("%(h)s撤回了《%(t)s》。原因：%(r)s") % {"h": notice.rule_set.hub.name, "t": notice.title, "r": reason},
        url,
    )
    record(user, "scoring.withdraw_notice", notice, new={"reason": reason})
    return notice


@write_action
def redraft_notice(user: User | None, notice: Notice) -> Notice:
    """重新编辑 a withdrawn notice: a draft again, to correct, submit and publish anew."""
    notice = _locked(notice)
    _require_manager(user, notice)
    _move(user, notice, NoticeAction.REDRAFT)
    notice.save(update_fields=["state"])
    record(user, "scoring.redraft_notice", notice)
    return notice


# --- Readers ---------------------------------------------------------------------------------------------


@write_action
def mark_read(user: User, notice: Notice) -> ReadMarks:
    """A reader of an addressed unit opened the notice: the unit's receipt (the first reader confirms
    for the unit) and the reader's own messages about it, audited once (``notify.receipts``)."""
    unit_id = user.unit_id
    duties.require(
        unit_id is not None and notice.state == NoticeState.PUBLISHED and notice_queries.is_addressed(user, notice),
        _("该通报未发送到您的单位。"),
    )
    assert unit_id is not None
    return receipts.mark_read(
        user,
        action="scoring.mark_notice_read",
        rows=NoticeReceipt.objects.filter(notice=notice, unit_id=unit_id),
        stamp={"read_by": user},
        urls=[notice_url(notice)],
        target=notice,
    )


# --- The scheduler --------------------------------------------------------------------------------------


def generate_due_notices(today: datetime.date) -> list[Notice]:
    """Draft notices for every period (month, quarter, year) that ended yesterday, per active rule set
    whose own period is at most that long. Idempotent: an existing notice is left alone."""
    yesterday = today - datetime.timedelta(days=1)
    created = []
    for rule_set in queries.active_rule_sets(yesterday):
        rule_kind = rule_set.active_version.spec.get("period", "year") if rule_set.active_version else "year"
        first = NOTICE_KINDS.index(rule_kind) if rule_kind in NOTICE_KINDS else 0
        for kind in NOTICE_KINDS[first:]:
            period = periods.containing(kind, yesterday)
            if period.end != yesterday:
                continue
            if Notice.objects.filter(rule_set=rule_set, period_type=kind, start=period.start).exists():
                continue
            created.append(create_notice(None, rule_set, period))
    return created
