"""Reads on publications, scoped to the user: the hub's periodicals and issues, the sign-off queue,
the archive, and the reading list of the units an issue was sent to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xinbao.core.idlists import IdList
from xinbao.items import policy
from xinbao.items import queries as items_queries
from xinbao.items.models import Classification
from xinbao.orgs import duties

from .models import Issue, IssueDelivery, IssueEntry, IssueRead, IssueState, Periodical

if TYPE_CHECKING:
    from xinbao.orgs.models import User

# What a reader may not see of an entry: its title becomes the policy's label, its body this line.
WITHHELD_BODY = _("（本条为涉密信息，您无权阅读。）")


def hub_periodicals(user: User) -> QuerySet[Periodical]:
    if not duties.can_compose(user, getattr(user, "unit_id", None)):
        return Periodical.objects.none()
    return Periodical.objects.filter(hub_id=user.unit_id, deleted_at__isnull=True).select_related("channel", "hub")


def periodical_labels() -> set[str]:
    """Every periodical in use, as rule sets name them (《江州信息》): assessment rules of any hub may name a
    higher office's periodical as well as their own."""
    names = Periodical.objects.filter(deleted_at__isnull=True).values_list("name", flat=True)
    return {f"《{name}》" for name in names}


def periodical_for(user: User, periodical_id: int) -> Periodical | None:
    return hub_periodicals(user).filter(pk=periodical_id).first()


def _cleared(user: User) -> Q:
    """Issues whose 密级 the user's clearance covers (see orgs.duties.clearance)."""
    level = duties.clearance(user)
    allowed = [c for c in Classification.values if policy.rank(c) <= level]
    return Q(classification__in=allowed)


def _delivered_to(user: User) -> Q:
    if user.unit_id is None:
        return Q(pk__in=[])  # an account without a unit was sent nothing
    delivered = IssueDelivery.objects.filter(issue=OuterRef("pk"), unit_id=user.unit_id)
    return Q(Exists(delivered), state=IssueState.PUBLISHED)


def visible_issues(user: User) -> QuerySet[Issue]:
    """Hub staff: the live issues of their periodicals; others: published issues sent to their unit.
    Both only up to the person's clearance (a 机密 issue is read by leaders, chiefs and directors, not by
    every member of a unit it was sent to); admin accounts read none."""
    if not duties.is_business_user(user):
        return Issue.objects.none()
    issues = Issue.objects.exclude(state=IssueState.DELETED)
    mine = Q(periodical__hub_id=user.unit_id) if duties.is_hub_staff(user, user.unit_id) else Q(pk__in=[])
    return issues.filter((mine | _delivered_to(user)) & _cleared(user)).select_related("periodical__hub")


def readable_items_in_issues(user: User, item_ids: list[int]) -> set[int]:
    """The read policy's extra readers (registered in AppConfig.ready): an item printed in a published
    issue is read by the people the issue was sent to, within their clearance."""
    if not duties.is_business_user(user) or not item_ids:
        return set()
    issues = Issue.objects.filter(_delivered_to(user) & _cleared(user))
    rows = IssueEntry.objects.filter(issue__in=issues, submission__item_id__in=item_ids)
    return set(rows.values_list("submission__item_id", flat=True))


def printed_titles(item_ids: IdList) -> dict[int, str]:
    """{item id: the title it was printed under} for items in a signed or published issue (the first
    such issue: that is the title the leaders read); registered with ``items.titles``."""
    if not item_ids:
        return {}
    rows = (
        IssueEntry.objects.filter(
            submission__item_id__in_ids=item_ids, issue__state__in=[IssueState.SIGNED, IssueState.PUBLISHED]
        )
        .exclude(title="")
        .order_by("-issue__signed_at", "-id")
        .values_list("submission__item_id", "title")
    )
    return dict(rows)  # later rows (earlier issues) win


def issue_for(user: User, issue_id: int) -> Issue | None:
    return visible_issues(user).filter(pk=issue_id).first()


def can_read(user: User, issue: Issue) -> bool:
    return visible_issues(user).filter(pk=issue.pk).exists()


def archive(user: User, *, periodical_id: int | None = None, year: int | None = None, q: str = "") -> QuerySet[Issue]:
    """Signed and published issues by periodical and year, searchable by title or keyword."""
    issues = visible_issues(user).filter(state__in=[IssueState.SIGNED, IssueState.PUBLISHED])
    if periodical_id:
        issues = issues.filter(periodical_id=periodical_id)
    if year:
        issues = issues.filter(year=year)
    if q:
        issues = issues.filter(search_text__icontains=q)
    return issues.order_by("-issue_date", "-id")


def archive_years(user: User) -> list[int]:
    years = visible_issues(user).filter(year__isnull=False).values_list("year", flat=True).distinct()
    return sorted({year for year in years if year is not None}, reverse=True)


def working_issues(user: User) -> QuerySet[Issue]:
    """The hub's issues not yet published (编辑中/退回/待审核/待签发/已签发)."""
    if not duties.can_compose(user, getattr(user, "unit_id", None)):
        return Issue.objects.none()
    return (
        visible_issues(user)
        .filter(periodical__hub_id=user.unit_id)
        .exclude(state__in=[IssueState.PUBLISHED, IssueState.DELETED])
        .select_related("periodical")
        .order_by("-created_at", "-id")
    )


def awaiting_signoff(user: User) -> QuerySet[Issue]:
    """待核签: the chief's issues to review, the director's to sign."""
    hub = getattr(user, "unit_id", None)
    states = []
    if duties.is_hub_chief(user, hub):
        states.append(IssueState.REVIEW)
    if duties.can_sign_issue(user, hub):
        states.append(IssueState.SIGNING)
    if not states or hub is None:
        return Issue.objects.none()
    return (
        Issue.objects.filter(periodical__hub_id=user.unit_id, state__in=states)
        .select_related("periodical")
        .order_by("created_at", "id")
    )


def reading_list(user: User, *, unread_only: bool = False) -> QuerySet[Issue]:
    """Published issues delivered to the user's unit (within their clearance), newest first, with
    ``is_read`` for the user."""
    if not duties.is_business_user(user):
        return Issue.objects.none()
    read = IssueRead.objects.filter(issue=OuterRef("pk"), user=user)
    issues = (
        Issue.objects.filter(_delivered_to(user) & _cleared(user))
        .annotate(is_read=Exists(read))
        .select_related("periodical")
        .order_by("-published_at", "-id")
    )
    if unread_only:
        issues = issues.filter(is_read=False)
    return issues


def entries(issue: Issue) -> QuerySet[IssueEntry]:
    rows = issue.entries.select_related("submission__origin_unit", "submission__item__author__sector")
    return rows.prefetch_related("submission__item__co_units").order_by("position", "id")


def entry_titles(issue: Issue, user: User) -> list[tuple[IssueEntry, str]]:
    """(entry, title) for the issue page's list: the signed title, or the hub's current title while
    composing, as ``user`` may see it (no per-entry query: the page stays constant in queries)."""
    rows = [(e, e.title if issue.is_frozen else e.submission.title) for e in entries(issue)]
    shown = policy.titles_for(user, {e.submission.item_id: title for e, title in rows})
    return [(e, shown[e.submission.item_id]) for e, _title in rows]


def entries_for_display(issue: Issue, user: User | None = None) -> list[tuple[IssueEntry, str, str]]:
    """(entry, title, body): the text as signed for a frozen issue, else the hub's current version; an
    entry ``user`` may not read (None = the system: all) shows the policy's label and no text."""
    rows = []
    for entry in entries(issue):
        if issue.is_frozen:
            rows.append((entry, entry.title, entry.body))
        else:
            version = items_queries.current_version(entry.submission)
            rows.append((entry, version.title, version.body))
    if user is None:
        return rows
    titles = {entry.submission.item_id: title for entry, title, _body in rows}
    shown = policy.titles_for(user, titles)
    hidden = {pk for pk, title in titles.items() if shown[pk] != title}
    return [
        (entry, shown[entry.submission.item_id], str(WITHHELD_BODY) if entry.submission.item_id in hidden else body)
        for entry, _title, body in rows
    ]


def issue_authors(issue_id: int) -> list[Any]:
    """The writers of the items in an issue (told about a 批示 on the whole issue)."""
    rows = IssueEntry.objects.filter(issue_id=issue_id).select_related("submission__item__author")
    return [row.submission.item.author for row in rows]


def readers_of(issue: Issue) -> QuerySet[IssueRead]:
    return issue.reads.select_related("user").order_by("read_at")


def published_titles(item_ids: Iterable[int]) -> dict[int, str]:
    """``{item id: title}`` for the items printed in a published issue: the title as printed in the
    first issue that carried it (a 批示, ledger line, 十佳 list or 通报 names an item so). Items never
    printed are left out; callers fall back to the hub's current title. Not scoped: the caller shows
    titles only through the read policy (``items.policy``)."""
    ids = sorted({int(i) for i in item_ids if i is not None})
    if not ids:
        return {}
    rows = (
        IssueEntry.objects.filter(issue__state=IssueState.PUBLISHED, submission__item_id__in=ids)
        .exclude(title="")
        .order_by("issue__published_at", "issue_id", "position")
        .values_list("submission__item_id", "title")
    )
    titles: dict[int, str] = {}
    for item_id, title in rows:
        titles.setdefault(item_id, title)
    return titles


def printed(item_id: int, user: User) -> list[tuple[Issue, IssueEntry]]:
    """The signed or published issues that printed the item (or a 综合 item built from it), with the
    text as printed — for the writer's item page. Issues the user may not read are left out."""
    from xinbao.items.models import AdoptionCredit

    combined = AdoptionCredit.objects.filter(source_item_id=item_id).values("adoption__item_id")
    rows = (
        IssueEntry.objects.filter(
            Q(submission__item_id=item_id) | Q(submission__item_id__in=combined),
            issue__state__in=[IssueState.SIGNED, IssueState.PUBLISHED],
        )
        .select_related("issue__periodical")
        .order_by("issue__issue_date", "issue_id")
    )
    return [(entry.issue, entry) for entry in rows]


def in_issue_reason(submission: Any) -> str:
    """Why a submission's 采用 can no longer be undone, if it is in a live issue (items asks this)."""
    entry = (
        IssueEntry.objects.filter(submission=submission)
        .exclude(issue__state=IssueState.DELETED)
        .select_related("issue__periodical")
        .first()
    )
    return _("这条信息已编入%(i)s，不能撤销采用；请先从刊物中移出。") % {"i": entry.issue} if entry else ""
