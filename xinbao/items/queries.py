"""Reads on items, scoped for views and the API, and period reads for scoring and notices.

Who may read what is the read policy's (``policy.py``); the queries here scope through it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import Unit, User

from . import policy, states
from .models import (
    Adoption,
    AdoptionCredit,
    ForwardRule,
    Item,
    ItemState,
    ItemVersion,
    Outcome,
    Presence,
    SignoffReturn,
    Submission,
    SubmissionState,
)
from .states import ItemAction


def co_unit_candidates(unit: Unit) -> QuerySet[Unit]:
    """Units a unit may name as 合报单位: the other member units of the hubs it reports to, in any of
    its channels (the same circle its hub assesses), never a unit elsewhere in the tree."""
    siblings = None
    for link in org_queries.reporting_links(unit):
        if link.hub is None:  # never: reporting_links has only links with a hub
            continue
        members = org_queries.member_units(link.hub, link.channel)
        siblings = members if siblings is None else siblings | members
    if siblings is None:
        return Unit.objects.none()
    return siblings.exclude(pk=unit.pk).distinct()


PRESENCE_WINDOW = datetime.timedelta(minutes=5)


def adoptions_between(start: datetime.date, end: datetime.date) -> QuerySet[Adoption]:
    """Live adoptions dated in [start, end], with their credits and items loaded (scoring, notices)."""
    return (
        Adoption.objects.filter(adopted_on__gte=start, adopted_on__lte=end, revoked_at__isnull=True)
        .select_related("item")
        .prefetch_related("credits")
        .order_by("adopted_on", "id")
    )


def forwarded_between(start: datetime.date, end: datetime.date) -> QuerySet[Submission]:
    """Submissions a hub forwarded upward (转报/上报) in [start, end] (scoring: "forwarded counts")."""
    lo, hi = _local_day_bounds(start, end)
    return Submission.objects.filter(forwarded_at__gte=lo, forwarded_at__lt=hi).order_by("forwarded_at", "id")


def outcomes_between(start: datetime.date, end: datetime.date) -> QuerySet[Outcome]:
    """转送交办 and 差错 records in force dated in [start, end] (scoring: ``item.referred``, ``error.reported``)."""
    rows = Outcome.objects.filter(on__gte=start, on__lte=end, withdrawn_at__isnull=True)
    return rows.select_related("submission__item", "submission__hub").order_by("on", "id")


def outcomes_of(item: Item) -> QuerySet[Outcome]:
    """Every hub's 转送交办/差错 records of an item, withdrawn ones included (shown struck through)."""
    rows = Outcome.objects.filter(submission__item=item)
    return rows.select_related("submission__hub", "recorded_by", "withdrawn_by").order_by("on", "id")


def submitted_items_between(start: datetime.date, end: datetime.date) -> QuerySet[Item]:
    """Items that left their unit (were submitted) in [start, end] — for quotas and blank-unit lists.
    A withdrawn item (撤回 before any hub decision) does not count as submitted."""
    lo, hi = _local_day_bounds(start, end)
    return (
        Item.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
        .exclude(state__in=[ItemState.DELETED, ItemState.WITHDRAWN])
        .order_by("submitted_at", "id")
    )


def _local_day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, end+1 00:00) in local time: a range the index serves, unlike ``__date`` lookups,
    which SQLite evaluates with a Python function per row (about a minute per million items)."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def titles_and_units(item_ids: list[int]) -> dict[int, tuple[str, str]]:
    """{item id: (title, reporting unit's name)} in one query — labels for other apps' lists
    (e.g. scoring's 十佳信息 candidates), without visibility scoping: callers show only ids they hold."""
    rows = Item.objects.filter(pk__in=item_ids).values_list("id", "title", "unit__name")
    return {pk: (title, unit) for pk, title, unit in rows}


def signoff_returns_between(start: datetime.date, end: datetime.date) -> QuerySet[SignoffReturn]:
    """Every return by a unit's signer in [start, end] (statistics: 领导设阻不让报)."""
    lo, hi = _local_day_bounds(start, end)
    return SignoffReturn.objects.filter(at__gte=lo, at__lt=hi).select_related("item__unit")


# --- Visibility (the read policy lives in policy.py; these are its item-level entry points) ---------

visible_items = policy.visible_items


def can_see_item(user: User | None, item: Item) -> bool:
    return policy.can_open(user, item)


def visible_submission(user: User | None, submission_id: int) -> Submission | None:
    """A submission the user may open: the people of its unit and the staff of the hubs it reached, as
    the read policy allows (a restricted submission only by those it lets read it)."""
    sub = (
        Submission.objects.select_related("item", "hub", "channel", "from_unit", "origin_unit", "parent")
        .filter(pk=submission_id)
        .first()
    )
    if sub is None or not policy.can_open(user, sub.item):
        return None
    return sub


versions_for = policy.versions_for


# --- Where an item goes -----------------------------------------------------------------------------


def receiving_hub(author: Any, unit: Any, channel: Any) -> Any:
    """The hub that receives ``author``'s item of ``unit`` in ``channel``: the unit's own hub there, or —
    for a 政协委员 or 特邀信息员 writing in person for the office they are attached to — that office itself.
    None: the unit does not report in that channel (越级上报 is impossible by construction)."""
    if duties.writes_in_person(author) and org_queries.is_hub(unit, channel):
        return unit
    return org_queries.hub_for(unit, channel)


def sending_options(author: Any, unit: Any) -> list[tuple[Any, Any]]:
    """(channel, hub) for every channel ``author`` may send an item of ``unit`` to, with the hub that
    will actually receive it (what the draft form shows beside each channel)."""
    options = []
    for channel in org_queries.channels():
        hub = receiving_hub(author, unit, channel)
        if hub is not None:
            options.append((channel, hub))
    return options


# --- Unit side --------------------------------------------------------------------------------


@dataclass
class ItemFilters:
    state: str = ""
    category: str = ""
    q: str = ""


TO_REVISE = "to_revise"  # a pseudo-state of 我的信息: returned by a hub or by the unit's signer


def to_revise() -> Q:
    """Items waiting for the writer's revision: returned by a hub, or drafts the signer sent back since
    they were last sent for signing."""
    signer_returned = Exists(
        SignoffReturn.objects.filter(item=OuterRef("pk"), at__gte=OuterRef("signoff_requested_at"))
    )
    return Q(state=ItemState.RETURNED) | (Q(state=ItemState.DRAFT) & Q(signer_returned))


def unit_items(user: User, filters: ItemFilters | None = None) -> QuerySet[Item]:
    """我的信息: the items of the user's unit (with the visibility rules applied)."""
    filters = filters or ItemFilters()
    items = visible_items(user).filter(unit_id=user.unit_id) if user.unit_id else Item.objects.none()
    if filters.state == TO_REVISE:
        items = items.filter(to_revise())
    elif filters.state:
        items = items.filter(state=filters.state)
    if filters.category:
        items = items.filter(category=filters.category)
    if filters.q:
        items = items.filter(_text_match(filters.q, "pk"))
    return items.select_related("author", "unit").order_by("-created_at", "-id")


def signoff_queue(user: User | None) -> QuerySet[Item]:
    """待签发: the unit's items waiting for its signer."""
    if user is None or user.unit_id is None or not duties.can_sign(user, user.unit_id):
        return Item.objects.none()
    return (
        Item.objects.filter(unit_id=user.unit_id, state__in=[ItemState.PENDING_SIGNOFF, ItemState.REVISION_SIGNOFF])
        .select_related("author")
        .order_by("updated_at", "id")
    )


def unit_versions(item: Item) -> QuerySet[ItemVersion]:
    return item.versions.filter(submission__isnull=True).select_related("editor").order_by("number")


def working_version(item: Item) -> ItemVersion | None:
    return item.versions.filter(submission__isnull=True).order_by("-number").first()


# --- Hub side ---------------------------------------------------------------------------------


def current_version(submission: Submission) -> ItemVersion:
    """The hub's current text: its latest own edit, or else the latest version the unit submitted.

    A forwarded submission starts with a copy of the lower hub's text (made by ``forward``), so its own
    versions are enough. Version numbers grow per item, so a unit's revision resubmitted after the
    hub's edits supersedes them.
    """
    own = Q(submission=submission)
    if submission.parent_id is None:
        own |= Q(submission__isnull=True, submitted=True)
    version = ItemVersion.objects.filter(own, item_id=submission.item_id).order_by("-number").first()
    if version is None:  # a submission always has a text; an empty one would be a bug upstream
        version = ItemVersion.objects.filter(item_id=submission.item_id).order_by("-number").first()
    assert version is not None, "an item without any version"
    return version


def submission_versions(submission: Submission) -> QuerySet[ItemVersion]:
    """Every version that led to the hub's current text (unit versions first, then hub edits)."""
    ids = [s.pk for s in route_of(submission)]
    return (
        ItemVersion.objects.filter(Q(submission_id__in=ids) | Q(submission__isnull=True), item_id=submission.item_id)
        .select_related("editor", "submission__hub")
        .order_by("number")
    )


def route_of(submission: Submission) -> list[Submission]:
    """The chain from the first hub up to ``submission`` (forwarding goes one level at a time)."""
    chain = [submission]
    while chain[-1].parent_id is not None:
        parent = Submission.objects.select_related("hub").get(pk=chain[-1].parent_id)
        chain.append(parent)
    return list(reversed(chain))


def item_route(item: Item) -> list[list[Submission]]:
    """The item's journey per channel: [[county hub, city hub, province hub], …] (unit first implied)."""
    subs = list(
        item.submissions.select_related("hub", "channel", "decided_by").order_by("channel__order", "received_at", "id")
    )
    children: dict[int | None, list[Submission]] = {}
    for sub in subs:
        children.setdefault(sub.parent_id, []).append(sub)
    routes = []
    for root in children.get(None, []):
        route, node = [root], root
        while children.get(node.pk):
            node = children[node.pk][0]
            route.append(node)
        routes.append(route)
    return routes


@dataclass
class QueueFilters:
    state: str = ""
    unit_id: int | None = None
    category: str = ""
    tone: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


def _contains(keyword: str) -> str:
    """The lookup for a keyword: Chinese has no letter case, and PostgreSQL's case-insensitive match
    upper-cases every row, so a keyword without Latin letters uses the plain (cheaper) substring match."""
    return "icontains" if any(ch.isascii() and ch.isalpha() for ch in keyword) else "contains"


def _text_match(keyword: str, item_field: str) -> Q:
    """Keyword over titles and bodies (substring match works for Chinese; see decisions/0004)."""
    lookup = _contains(keyword)
    in_body = Exists(ItemVersion.objects.filter(item_id=OuterRef(item_field), **{f"body__{lookup}": keyword}))
    return Q(**{f"title__{lookup}": keyword}) | Q(in_body)


def _hub_submissions(user: User | None, hub_id: int | None = None) -> QuerySet[Submission]:
    hub_id = hub_id or (user.unit_id if user is not None else None)
    if not duties.can_screen(user, hub_id):
        return Submission.objects.none()
    # The denormalised ``restricted`` flag: no join per row (see policy.hub_visible).
    return Submission.objects.filter(hub_id=hub_id).filter(policy.hub_visible(user))


def screenable_submissions(user: User | None, filters: QueueFilters | None = None) -> QuerySet[Submission]:
    """The hub's screening queue (信息筛选) with its filters, newest first."""
    filters = filters or QueueFilters()
    subs = _hub_submissions(user)
    if filters.state:
        subs = subs.filter(state=filters.state)
    if filters.unit_id:
        subs = subs.filter(Q(origin_unit_id=filters.unit_id) | Q(from_unit_id=filters.unit_id))
    if filters.category:
        subs = subs.filter(category=filters.category)
    if filters.tone:
        subs = subs.filter(tone=filters.tone)
    if filters.date_from:
        subs = subs.filter(received_at__date__gte=filters.date_from)
    if filters.date_to:
        subs = subs.filter(received_at__date__lte=filters.date_to)
    if filters.q:
        subs = subs.filter(**{f"text__{_contains(filters.q)}": filters.q})
    return subs.select_related("origin_unit", "from_unit", "channel", "item__author__sector").order_by(
        "-received_at", "-id"
    )


def withdrawable(item: Item) -> bool:
    """Whether the unit may still 撤回 the item: submitted and no hub has decided (or forwarded) it."""
    if item.state != ItemState.SUBMITTED:
        return False
    undecided = [SubmissionState.PENDING, SubmissionState.RESERVE]
    decided = item.submissions.exclude(state__in=undecided) | item.submissions.filter(forwarded_at__isnull=False)
    return not decided.exists()


def queue_counts(user: User | None) -> dict[str, int]:
    """Counts per state of the user's hub queue (one grouped query)."""
    counts = {state: 0 for state in SubmissionState.values}
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the queue index alone (index-only scan).
    rows = _hub_submissions(user).order_by().values("state").annotate(n=Count("*"))
    for row in rows:
        counts[row["state"]] = row["n"]
    return counts


def adoptable_submissions(user: User | None, hub: Any = None) -> QuerySet[Submission]:
    """Submissions at the user's hub that may go into a publication issue: adopted, pending, in reserve, or
    forwarded without an adoption here (printing it adopts it)."""
    hub_id = hub.pk if hub is not None else None
    states = [SubmissionState.ADOPTED, SubmissionState.PENDING, SubmissionState.RESERVE, SubmissionState.FORWARDED]
    return (
        _hub_submissions(user, hub_id)
        .filter(state__in=states)
        .select_related("origin_unit", "channel", "item")
        .order_by("-received_at", "-id")
    )


def others_viewing(submission: Submission, user: User) -> list[User]:
    """Other people who opened this submission in the last few minutes (simple presence)."""
    since = timezone.now() - PRESENCE_WINDOW
    rows = (
        Presence.objects.filter(submission=submission, seen_at__gte=since)
        .exclude(user_id=user.pk)
        .select_related("user")
    )
    return [row.user for row in rows]


def adoptions_of(item: Item) -> QuerySet[Adoption]:
    """Live adoptions that credit the item: its own, and those of a combined (综合) item built from it."""
    via_credit = AdoptionCredit.objects.filter(source_item=item).values("adoption_id")
    return (
        Adoption.objects.filter(Q(item=item) | Q(pk__in=via_credit), revoked_at__isnull=True)
        .select_related("item")
        .order_by("adopted_on", "id")
    )


def decisions_of(item: Item) -> QuerySet[Submission]:
    """Every hub's handling of the item (the writer's view): received, decided, forwarded, with reasons."""
    return item.submissions.select_related("hub", "channel", "decided_by").order_by("received_at", "id")


# --- What a person may do now (the buttons ask the same duties and tables as the actions) ----------


def item_buttons(user: User | None, item: Item) -> set[str]:
    """The unit-side actions ``user`` may take on ``item`` in its present state."""
    allowed = set(states.item_actions(item.state))
    can: set[str] = set()
    if duties.can_write(user, item.unit_id):
        can |= allowed & {
            ItemAction.EDIT,
            ItemAction.SUBMIT,
            ItemAction.RECALL,
            ItemAction.DELETE,
            ItemAction.REOPEN,
            ItemAction.RESUBMIT,
        }
    if duties.can_sign(user, item.unit_id):
        can |= allowed & {ItemAction.SIGN, ItemAction.RETURN_SIGNOFF}
    author_or_signer = user is not None and (user.pk == item.author_id or duties.can_sign(user, item.unit_id))
    if ItemAction.WITHDRAW in allowed and author_or_signer and withdrawable(item):
        can.add(ItemAction.WITHDRAW)
    buttons = {str(a) for a in can}
    if may_record_direct_adoption(user, item):
        buttons.add("direct_adoption")
    return buttons


def may_record_direct_adoption(user: User | None, item: Item) -> bool:
    """登记直报采用 once the item has left the unit: its signer, or a hub it was sent to (one query, and
    only for hub staff)."""
    if user is None or item.submitted_at is None:
        return False
    if duties.can_sign(user, item.unit_id):
        return True
    hubs = item.submissions.values_list("hub_id", flat=True) if duties.is_hub_staff(user) else []
    return duties.can_record_direct_adoption(user, item.unit_id, hubs)


def chief_approves_forward(hub_id: int) -> bool:
    """The hub's setting: 转报 only with the chief's (科长/主任) approval (``ForwardRule``)."""
    return ForwardRule.objects.filter(hub_id=hub_id, chief_approves=True).exists()


def forward_adopts(hub_id: int) -> bool:
    """The hub's setting: 转报即采用 (the default, also when the hub never set it)."""
    return not ForwardRule.objects.filter(hub_id=hub_id, forward_adopts=False).exists()


def forward_needs_approval(user: User | None, sub: Submission) -> bool:
    """An editor of a hub whose 转报 the chief approves must ask (提请转报) rather than send."""
    return user is not None and not duties.is_hub_senior(user, sub.hub_id) and chief_approves_forward(sub.hub_id)


def forward_requests(user: User) -> QuerySet[Submission]:
    """提请转报 waiting for this chief or director: asked for, not yet sent."""
    if not duties.is_hub_senior(user, getattr(user, "unit_id", None)):
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            policy.hub_visible(user),
            hub_id=user.unit_id,
            state__in=[SubmissionState.ADOPTED, SubmissionState.PENDING, SubmissionState.RESERVE],
            forward_requested_at__isnull=False,
            forwarded_at__isnull=True,
        )
        .select_related("forward_requested_by")
        .order_by("forward_requested_at")
    )


def submission_buttons(user: User | None, sub: Submission) -> set[str]:
    """The hub's decisions ``user`` may take on ``sub`` now (none for people who are not its screeners)."""
    if not duties.can_screen(user, sub.hub_id):
        return set()
    allowed = set(states.submission_actions(sub.state))
    if sub.forwarded_at is not None:  # forwarded: its 采用 can no longer be taken back
        allowed.discard(str(states.SubmissionAction.UNDO_ADOPT))
    forward = str(states.SubmissionAction.FORWARD)
    if forward in allowed and sub.forwarded_at is None:
        if forward_needs_approval(user, sub):
            allowed.discard(forward)
            allowed.add("forward_requested" if sub.forward_requested_at else "request_forward")
        elif sub.forward_requested_at is not None:
            allowed |= {"approve_forward", "decline_forward"}
    return allowed


# --- What became of an item (the writer's view) -------------------------------------------------------

OUTCOME_ORDER = [
    SubmissionState.FORWARDED,
    SubmissionState.RETURNED,
    SubmissionState.PENDING,
    SubmissionState.RESERVE,
    SubmissionState.MERGED,
    SubmissionState.REJECTED,
    SubmissionState.WITHDRAWN,
]


def outcomes(item_ids: list[int]) -> dict[int, str]:
    """A short Chinese line per item saying what became of it at the hubs: 已采用 (by whom, where) when any
    adoption credits it — a merge's source included — else the most telling hub decision. Two queries."""
    adopted: dict[int, str] = {}
    credits = (
        AdoptionCredit.objects.filter(source_item_id__in=item_ids, adoption__revoked_at__isnull=True)
        .select_related("adoption")
        .order_by("adoption__adopted_on", "adoption_id")
    )
    for credit in credits:
        a = credit.adoption
        adopted.setdefault(
            credit.source_item_id, _("已采用：%(w)s") % {"w": f"{a.adopter_name}{a.publication}{a.issue_label}"}
        )
    decided: dict[int, set[str]] = {}
    for item_id, state in Submission.objects.filter(item_id__in=item_ids, parent__isnull=True).values_list(
        "item_id", "state"
    ):
        decided.setdefault(item_id, set()).add(state)
    result = dict(adopted)
    labels = dict(SubmissionState.choices)
    for item_id, found in decided.items():
        if item_id in result:
            continue
        outcome = next((s for s in OUTCOME_ORDER if s in found), None)
        if outcome is not None:
            result[item_id] = str(labels[outcome])
    return result
