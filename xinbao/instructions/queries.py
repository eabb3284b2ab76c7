"""Reads of the 批示 and their follow-up, scoped to who may see them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from xinbao.items import policy
from xinbao.items.models import Submission, SubmissionState
from xinbao.items.titles import titles_of
from xinbao.orgs import duties
from xinbao.orgs.models import User

from .models import (
    Assignment,
    AssignmentState,
    Extension,
    ExtensionState,
    Feedback,
    FollowUpTrack,
    Instruction,
    InstructionState,
)

DUE_SOON_DAYS = 3
CHASED_STATES = (AssignmentState.ASSIGNED, AssignmentState.ACCEPTED)


def item_titles(user: User | None, rows: Iterable[Instruction]) -> dict[int, str]:
    """{item id: the item's one title (``items.titles``)} of the instructions' items, as ``user`` may see
    them (the read policy labels what they may not read). Two queries plus the title sources."""
    return policy.titles_for(user, titles_of(ins.item_id for ins in rows if ins.item_id is not None))


def public_item_titles(rows: Iterable[Instruction]) -> dict[int, str]:
    """The same for a document or message read by many: sensitive titles always labelled."""
    return policy.public_titles_of(ins.item_id for ins in rows if ins.item_id is not None)


def titled(user: User | None, rows: list[Instruction]) -> list[tuple[Instruction, str]]:
    """Each instruction with its item's title as ``user`` may see it ("" for a whole issue)."""
    titles = item_titles(user, rows)
    return [(ins, titles.get(ins.item_id, "") if ins.item_id is not None else "") for ins in rows]


def instructions_between(start: datetime.date, end: datetime.date) -> QuerySet[Instruction]:
    """Instructions dated in [start, end] (for scoring and notices)."""
    return Instruction.objects.filter(
        instructed_on__gte=start, instructed_on__lte=end, track=FollowUpTrack.INSTRUCTION
    ).select_related("item")


def for_item(item_id: int) -> QuerySet[Instruction]:
    return Instruction.objects.filter(item_id=item_id)


def for_issue(issue_id: int) -> QuerySet[Instruction]:
    return Instruction.objects.filter(issue_id=issue_id)


def for_issue_display(issue_id: int) -> QuerySet[Instruction]:
    """The 批示 on an issue and on the items in it, newest first, ready for a list."""
    return for_issue(issue_id).select_related("item", "leader").order_by("-instructed_on", "-id")


def for_item_display(item_id: int) -> QuerySet[Instruction]:
    return for_item(item_id).select_related("item", "leader").order_by("-instructed_on", "-id")


# --- The follow-up (督办) -----------------------------------------------------------------------


def business_unit(user: User | None) -> int | None:
    """The unit of a person who may see business content (``duties.is_business_user``), else None."""
    return user.unit_id if user is not None and duties.is_business_user(user) else None


def visible_instructions(user: User | None) -> QuerySet[Instruction]:
    """The hub's staff and leaders see what their hub follows up; a leader their own 批示; a unit
    the instructions assigned to it."""
    unit_id = business_unit(user)
    if user is None or unit_id is None:
        return Instruction.objects.none()
    q = Q(assignments__unit_id=unit_id) & ~Q(assignments__state=AssignmentState.WITHDRAWN)
    if duties.is_hub_staff(user, unit_id) or duties.is_leader(user, unit_id):
        q |= Q(hub_id=unit_id)
    if duties.is_leader(user):
        q |= Q(leader_id=user.pk)
    q |= Q(track=FollowUpTrack.OPINION, item__author_id=user.pk)  # the member follows their opinion
    ids = Instruction.objects.filter(q).values("pk")
    return Instruction.objects.filter(pk__in=ids)


def instruction_for(user: User | None, pk: int) -> Instruction | None:
    return visible_instructions(user).select_related("item", "issue__periodical", "hub", "leader").filter(pk=pk).first()


def is_hub_side(user: User | None, instruction: Instruction) -> bool:
    """The hub's staff and leaders, and the leader who wrote it, see every assignment."""
    return (
        duties.can_assign_instruction(user, instruction.hub_id)
        or duties.is_leader(user, instruction.hub_id)
        or (user is not None and instruction.leader_id == user.pk)
    )


def is_opinion_author(user: User | None, instruction: Instruction) -> bool:
    """The member who wrote a 社情民意 sent for handling: sees the replies and rates them."""
    return (
        instruction.track == FollowUpTrack.OPINION
        and instruction.item is not None
        and duties.can_rate_opinion_reply(user, instruction.item.author_id)
    )


def adopted_cppcc_submissions(user: User | None, item_id: int) -> list[Submission]:
    """The item's adopted 社情民意 submissions at the user's own CPPCC office (it may send them for handling)."""
    unit_id = business_unit(user)
    if unit_id is None or not duties.can_assign_instruction(user, unit_id):
        return []
    return list(
        Submission.objects.filter(
            item_id=item_id, hub_id=unit_id, channel__code="cppcc", state=SubmissionState.ADOPTED
        ).select_related("hub", "channel", "item")
    )


def may_see_scan(user: User | None, instruction: Instruction) -> bool:
    """The scanned original: the hub's staff and the leader; assignees work from the text."""
    return bool(instruction.scan) and is_hub_side(user, instruction)


def hub_list(user: User | None, *, state: str = "", level: str = "", q: str = "") -> QuerySet[Instruction]:
    """The hub's instructions with their assignment counts (one query per page)."""
    unit_id = business_unit(user)
    if unit_id is None:
        return Instruction.objects.none()
    rows = Instruction.objects.filter(hub_id=unit_id)
    if not (duties.is_hub_staff(user, unit_id) or duties.is_leader(user, unit_id)):
        return Instruction.objects.none()
    if state in InstructionState.values:
        rows = rows.filter(state=state)
    if level:
        rows = rows.filter(leader_level=level)
    if q:
        rows = rows.filter(Q(text__icontains=q) | Q(leader_name__icontains=q))
    return rows.select_related("item").order_by("-instructed_on", "-id")


@dataclass
class HubRow:
    """A line of the hub's list: the instruction, its item's title as the reader may see it, and its
    assignment counts."""

    ins: Instruction
    title: str
    n_assigned: int = 0
    n_done: int = 0
    n_overdue: int = 0


def hub_rows(user: User | None, rows: list[Instruction]) -> list[HubRow]:
    """Titles and assignment counts of one page of instructions (one grouped query over that page only:
    counting in the list's own query would aggregate the hub's whole history before the LIMIT)."""
    today = timezone.localdate()
    ids = [ins.pk for ins in rows]
    counts = {
        row["instruction_id"]: row
        for row in Assignment.objects.filter(instruction_id__in=ids)
        .values("instruction_id")
        .annotate(
            n_assigned=Count("pk", filter=~Q(state=AssignmentState.WITHDRAWN)),
            n_done=Count("pk", filter=Q(state=AssignmentState.DONE)),
            n_overdue=Count("pk", filter=Q(state__in=CHASED_STATES, due_on__lt=today)),
        )
    }
    out = []
    for ins, title in titled(user, rows):
        row = counts.get(ins.pk, {})
        out.append(HubRow(ins, title, row.get("n_assigned", 0), row.get("n_done", 0), row.get("n_overdue", 0)))
    return out


def assignments_for(user: User | None, instruction: Instruction) -> list[Assignment]:
    """The assignments the user may see on the instruction's page, with their rounds and extensions."""
    rows = instruction.assignments.select_related("unit").prefetch_related(
        Prefetch("feedback", queryset=Feedback.objects.select_related("reported_by", "reviewed_by")),
        Prefetch("extensions", queryset=Extension.objects.select_related("requested_by", "decided_by")),
    )
    if is_opinion_author(user, instruction):
        rows = rows.exclude(state=AssignmentState.WITHDRAWN)  # the member follows every department's reply
    elif not is_hub_side(user, instruction):
        unit_id = business_unit(user)
        if unit_id is None:
            return []
        rows = rows.filter(unit_id=unit_id).exclude(state=AssignmentState.WITHDRAWN)
    return list(rows.order_by("unit__path", "id"))


@dataclass
class DueLists:
    overdue: list[Assignment]
    due_soon: list[Assignment]
    waiting_review: list[Assignment]


def _open_assignments(user: User | None, scope: str) -> QuerySet[Assignment]:
    rows = Assignment.objects.select_related("unit", "instruction")
    unit_id = business_unit(user)
    if unit_id is None:
        return rows.none()
    if scope == "hub":
        if not duties.can_assign_instruction(user, unit_id) and not duties.is_leader(user, unit_id):
            return rows.none()
        return rows.filter(instruction__hub_id=unit_id)
    if not duties.can_handle_assignment(user, unit_id):
        return rows.none()
    return rows.filter(unit_id=unit_id)


def due_lists(user: User | None, scope: str, *, limit: int = 200) -> DueLists:
    """Overdue (逾期), due within three days (即将到期) and waiting for the hub's review, for the hub
    (every unit it chases) or for the user's own unit. Three queries, whatever the size."""
    if not duties.is_business_user(user):
        return DueLists([], [], [])
    today = timezone.localdate()
    rows = _open_assignments(user, scope)
    chased = rows.filter(state__in=CHASED_STATES)
    overdue = list(chased.filter(due_on__lt=today).order_by("due_on", "id")[:limit])
    soon = list(
        chased.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)).order_by(
            "due_on", "id"
        )[:limit]
    )
    waiting = list(rows.filter(state=AssignmentState.REPORTED).order_by("due_on", "id")[:limit])
    return DueLists(overdue, soon, waiting)


def unit_tasks(user: User | None, *, state: str = "") -> QuerySet[Assignment]:
    """承办事项 of the user's unit, open first."""
    rows = _open_assignments(user, "unit").exclude(state=AssignmentState.WITHDRAWN)
    if state in AssignmentState.values:
        rows = rows.filter(state=state)
    return rows.order_by("done_at", "due_on", "id")


def pending_extensions(instruction: Instruction) -> QuerySet[Extension]:
    return Extension.objects.filter(assignment__instruction=instruction, state=ExtensionState.PENDING)


def days_overdue(assignment: Assignment, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return max(0, (today - assignment.due_on).days)
