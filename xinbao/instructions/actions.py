"""Every write of the 信息决策循环: record a 批示, 交办, 受理, 落实反馈 and its review, 延期, 办结.

Each action checks its duty (orgs.duties), moves the state through states.py, writes the audit row,
tells the people concerned (titles through the read policy) and keeps the deadline reminders in step.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items.actions._common import tell, writer_side
from xinbao.items.models import Item, Submission, SubmissionState
from xinbao.items.titles import title_of
from xinbao.notify.actions import notify
from xinbao.orgs import duties
from xinbao.orgs.models import Unit, User
from xinbao.orgs.roles import LeaderLevel, Role

from . import followup
from .models import (
    Assignment,
    AssignmentState,
    Extension,
    ExtensionState,
    Feedback,
    FollowupPlan,
    FollowUpTrack,
    Instruction,
    InstructionKind,
    Rating,
    ReviewDecision,
)
from .signals import instruction_closed, instruction_recorded
from .states import AssignmentAction, InstructionAction, assignment_next, instruction_next

MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".ofd")


def _url(instruction: Instruction) -> str:
    return f"/instructions/{instruction.pk}/"


def _check_scan(scan: UploadedFile | None) -> None:
    if scan is None:
        return
    name = (scan.name or "").lower()
    if not name.endswith(SCAN_TYPES):
        raise DomainError(_("原件扫描件须为 PDF、OFD 或图片（JPG、PNG、TIF）。"), field="scan")
    if scan.size and scan.size > MAX_SCAN_BYTES:
        raise DomainError(_("原件扫描件不能超过 20 MB。"), field="scan")


def _follow_up_hub(user: User | None, issue_id: int | None, leader: User | None) -> int | None:
    """The hub that follows the instruction up: the issue's, else the recorder's office, else the leader's."""
    if issue_id is not None:
        from xinbao.publications.models import Issue

        return Issue.objects.filter(pk=issue_id).values_list("periodical__hub_id", flat=True).first()
    if user is not None and user.unit_id is not None and duties.is_hub_staff(user):
        return user.unit_id
    return leader.unit_id if leader is not None else None


# Leader levels from the lowest; an office records on paper the 批示 of its own level and the next above.
LEVEL_ORDER: list[str] = [
    LeaderLevel.TOWNSHIP,
    LeaderLevel.COUNTY,
    LeaderLevel.CITY,
    LeaderLevel.PROVINCE,
    LeaderLevel.CENTRAL,
]


def _check_on_behalf(user: User, level: str, scan: UploadedFile | None) -> None:
    """Hub staff record a paper 批示 only of a leader of their office's level or the level directly
    above, and one from above only with the scanned original (it cannot be checked otherwise)."""
    hub_level = user.unit.level if user.unit is not None else ""
    if hub_level not in LEVEL_ORDER or level not in LEVEL_ORDER:
        return
    step = LEVEL_ORDER.index(level) - LEVEL_ORDER.index(hub_level)
    if step not in (0, 1):
        raise DomainError(_("信息科只能代为登记本级或上一级领导的批示。"), field="leader_level")
    if step == 1 and scan is None:
        raise DomainError(_("代为登记上一级领导的批示，须附批示原件扫描件。"), field="scan")


@write_action
def record_instruction(
    user: User | None,
    *,
    text: str,
    item: Item | None = None,
    issue_id: int | None = None,
    leader: User | None = None,
    leader_name: str = "",
    leader_level: str = "",
    leader_post: str = "",
    kind: str = InstructionKind.GUIDANCE,
    instructed_on: datetime.date | None = None,
    scan: UploadedFile | None = None,
) -> Instruction:
    """A leader records their own 批示 (``leader`` defaults to them); hub staff may record one
    received on paper, naming the leader and level, with the scanned original attached."""
    if user is not None:
        if user.has_role(Role.LEADER):
            leader = leader or user
        elif not user.has_role(Role.HUB_EDITOR, Role.HUB_CHIEF, Role.HUB_DIRECTOR):
            raise PermissionRefused(_("只有领导或信息科人员可以登记批示。"))
    if item is None and issue_id is None:
        raise DomainError(_("批示须针对一条信息或一期刊物。"))
    if not text.strip():
        raise DomainError(_("请填写批示内容。"), field="text")
    level = leader_level or (leader.leader_level if leader is not None else "")
    if level not in LeaderLevel.values:
        raise DomainError(_("请选择领导级别。"), field="leader_level")
    if kind not in InstructionKind.values:
        raise DomainError(_("批示类型不正确。"), field="kind")
    today = timezone.localdate()
    # A person cannot date a 批示 ahead; the system (imports, commands: user None) records what it is given.
    if user is not None and instructed_on is not None and instructed_on > today:
        raise DomainError(_("批示日期不能晚于今天。"), field="instructed_on")
    _check_scan(scan)
    confirmed = True  # a leader's own 批示, or the system's import
    if user is not None and not user.has_role(Role.LEADER):  # recorded on a leader's behalf
        _check_on_behalf(user, level, scan)
        confirmed = duties.is_hub_senior(user, user.unit_id)
    instruction = Instruction(
        item=item,
        issue_id=issue_id,
        leader=leader,
        leader_name=leader_name or (str(leader) if leader else ""),
        leader_level=level,
        leader_post=leader_post,
        kind=kind,
        text=text.strip(),
        instructed_on=instructed_on or today,
        recorded_by=user,
        hub_id=_follow_up_hub(user, issue_id, leader),
        confirmed_by=user if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )
    if scan is not None:
        instruction.scan_name = (scan.name or "scan")[:200]
        instruction.scan.save(f"{timezone.now():%Y%m%d%H%M%S}-{instruction.scan_name}", scan, save=False)
    instruction.save()
    record(
        user,
        "instructions.record",
        instruction,
        new={"item": item and item.pk, "issue": issue_id, "leader": instruction.leader_name, "level": level},
    )
    if item is not None:
        tell(
            writer_side(item),
            "instructions.recorded",
            _("您的信息《%(t)s》获%(l)s批示。"),
            url=f"/items/{item.pk}/",
            titles={"t": (item, title_of(item))},
            l=instruction.leader_name,
        )
    elif issue_id is not None:
        # A 批示 on a whole issue reaches the writers of every item in it.
        from xinbao.publications.queries import issue_authors

        notify(
            issue_authors(issue_id),
            "instructions.recorded",
            _("您的信息所在刊物获%(l)s批示。") % {"l": instruction.leader_name},
            url=f"/publications/issues/{issue_id}/",
        )
    instruction_recorded.send(sender=Instruction, instruction=instruction)
    return instruction


@write_action
def confirm_instruction(user: User | None, instruction: Instruction) -> Instruction:
    """The chief or director confirms a 批示 an editor recorded on a leader's behalf: from now on it
    scores under the rule set (scoring rescored through ``instruction_recorded``)."""
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    duties.require(
        duties.is_hub_senior(user, instruction.hub_id), _("只有信息科科长或办公室主任可以确认代为登记的批示。")
    )
    if instruction.confirmed_at is not None:
        raise DomainError(_("这条批示已经确认。"))
    instruction.confirmed_by, instruction.confirmed_at = user, timezone.now()
    instruction.save(update_fields=["confirmed_by", "confirmed_at"])
    record(user, "instructions.confirm", instruction, new={"leader": instruction.leader_name})
    instruction_recorded.send(sender=Instruction, instruction=instruction)
    return instruction


def _require_hub(user: User | None, instruction: Instruction) -> None:
    duties.require(
        duties.can_assign_instruction(user, instruction.hub_id), _("只有督办该批示的信息科人员可以办理此事项。")
    )


@write_action
def assign(
    user: User | None,
    instruction: Instruction,
    units: Sequence[Unit],
    *,
    due_on: datetime.date,
    expectation: str = "",
) -> list[Assignment]:
    """交办 to one or more units with a deadline and what is expected; each unit is told."""
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    _require_hub(user, instruction)
    return _assign(user, instruction, units, due_on=due_on, expectation=expectation)


def _what(instruction: Instruction) -> str:
    """How a message names the case when there is no item to name: "王县长批示" or "社情民意办理"."""
    if instruction.track == FollowUpTrack.OPINION:
        return _("社情民意办理")
    return _("%(l)s批示") % {"l": instruction.leader_name}


def _tell_case(
    people: Sequence[User | None], kind: str, message: str, instruction: Instruction, url: str, **values: Any
) -> None:
    """Tell ``people`` ``message``, whose ``%(w)s`` names the case: "王县长对《…》的批示" or "社情民意《…》办理"
    with the item's one title (items.titles), each recipient seeing it as the read policy allows and the
    e-mail copy the public title; a 批示 on a whole issue is "王县长批示"."""
    item = instruction.item
    if item is None:
        notify(people, kind, message % {**values, "w": _what(instruction)}, url=url)
        return
    what = _("社情民意《%(t)s》办理") if instruction.track == FollowUpTrack.OPINION else _("%(l)s对《%(t)s》的批示")
    tell(
        people,
        kind,
        message.replace("%(w)s", what),
        url,
        titles={"t": (item, title_of(item))},
        l=instruction.leader_name,
        **values,
    )


def _assign(
    user: User | None, instruction: Instruction, units: Sequence[Unit], *, due_on: datetime.date, expectation: str
) -> list[Assignment]:
    if not units:
        raise DomainError(_("请选择承办单位。"), field="units")
    if due_on < timezone.localdate():
        raise DomainError(_("办理期限不能早于今天。"), field="due_on")
    instruction.state = instruction_next(instruction.state, InstructionAction.ASSIGN)
    existing = set(instruction.assignments.exclude(state=AssignmentState.WITHDRAWN).values_list("unit_id", flat=True))
    again = [u.name for u in units if u.pk in existing]
    if again:
        raise DomainError(_("以下单位已在承办：%(u)s。") % {"u": "、".join(again)}, field="units")
    created = []
    for unit in units:
        row, _new = Assignment.objects.update_or_create(
            instruction=instruction,
            unit=unit,
            defaults={
                "expectation": expectation.strip(),
                "due_on": due_on,
                "first_due_on": due_on,
                "state": AssignmentState.ASSIGNED,
                "assigned_by": user,
                "assigned_at": timezone.now(),
                "accepted_at": None,
                "accepted_by": None,
                "done_at": None,
            },
        )
        created.append(row)
        followup.schedule_reminders(row)
        _tell_case(
            followup.unit_handlers(unit.pk),
            "instructions.assigned",
            _("%(w)s交由本单位办理，请于%(d)s前反馈：%(x)s"),
            instruction,
            _url(instruction),
            d=f"{due_on:%Y-%m-%d}",
            x=instruction.text[:80],
        )
    instruction.save(update_fields=["state"])
    record(
        user,
        "instructions.assign",
        instruction,
        new={"units": [u.pk for u in units], "due_on": due_on.isoformat(), "expectation": expectation[:200]},
    )
    return created


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("instruction").get(pk=assignment.pk)


def _require_unit(user: User | None, assignment: Assignment) -> None:
    duties.require(duties.can_handle_assignment(user, assignment.unit_id), _("只有承办单位的人员可以办理此交办事项。"))


@write_action
def accept(user: User | None, assignment: Assignment) -> Assignment:
    """受理: the unit confirms it has the assignment in hand."""
    assignment = _locked(assignment)
    _require_unit(user, assignment)
    assignment.state = assignment_next(assignment.state, AssignmentAction.ACCEPT)
    assignment.accepted_at, assignment.accepted_by = timezone.now(), user
    assignment.save(update_fields=["state", "accepted_at", "accepted_by"])
    record(user, "instructions.accept", assignment, new={"unit": assignment.unit_id})
    return assignment


@write_action
def report(user: User | None, assignment: Assignment, text: str) -> Feedback:
    """落实反馈: one round of the unit's report (受理 is implied if the unit skipped it)."""
    assignment = _locked(assignment)
    _require_unit(user, assignment)
    if not text.strip():
        raise DomainError(_("请填写落实情况。"), field="text")
    if assignment.state == AssignmentState.ASSIGNED:
        assignment.state = assignment_next(assignment.state, AssignmentAction.ACCEPT)
        assignment.accepted_at, assignment.accepted_by = timezone.now(), user
    assignment.state = assignment_next(assignment.state, AssignmentAction.REPORT)
    number = assignment.feedback.count() + 1
    row = Feedback.objects.create(assignment=assignment, number=number, text=text.strip(), reported_by=user)
    assignment.save(update_fields=["state", "accepted_at", "accepted_by"])
    record(user, "instructions.report", row, new={"assignment": assignment.pk, "round": number})
    instruction = assignment.instruction
    if instruction.track == FollowUpTrack.OPINION and instruction.item is not None:
        tell(
            [instruction.item.author],
            "instructions.opinion_reply",
            _("%(u)s对您的社情民意《%(t)s》作出办理答复，请查看并评价。"),
            url=_url(instruction),
            titles={"t": (instruction.item, title_of(instruction.item))},
            u=assignment.unit.name,
        )
    _tell_case(
        followup.hub_staff(instruction.hub_id),
        "instructions.reported",
        _("%(u)s反馈了%(w)s情况（第%(n)s轮）。"),
        instruction,
        _url(instruction),
        u=assignment.unit.name,
        n=number,
    )
    return row


@write_action
def review(user: User | None, feedback: Feedback, decision: str, note: str = "") -> Feedback:
    """The hub accepts a round (the unit's part is done) or asks for more (the unit reports again)."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    assignment = _locked(feedback.assignment)
    instruction = assignment.instruction
    _require_hub(user, instruction)
    if instruction.track == FollowUpTrack.OPINION:
        raise DomainError(_("社情民意的办理答复由提出意见的委员评价。"))
    if decision not in ReviewDecision.values:
        raise DomainError(_("请选择审核意见。"), field="decision")
    if feedback.decision or assignment.feedback.filter(number__gt=feedback.number).exists():
        raise DomainError(_("这一轮反馈已审核过。"))
    if decision == ReviewDecision.MORE and not note.strip():
        raise DomainError(_("要求续报时请说明还需反馈什么。"), field="note")
    action = AssignmentAction.APPROVE if decision == ReviewDecision.ACCEPTED else AssignmentAction.ASK_MORE
    assignment.state = assignment_next(assignment.state, action)
    now = timezone.now()
    feedback.decision, feedback.review_note = decision, note.strip()[:500]
    feedback.reviewed_by, feedback.reviewed_at = user, now
    feedback.save(update_fields=["decision", "review_note", "reviewed_by", "reviewed_at"])
    if assignment.state == AssignmentState.DONE:
        assignment.done_at = now
        followup.cancel_reminders(assignment)
    else:  # asked for more: the unit is chased again by the remaining steps of its deadline
        followup.schedule_reminders(assignment)
    assignment.save(update_fields=["state", "done_at"])
    record(user, "instructions.review", feedback, new={"decision": decision, "note": note[:200]})
    if decision == ReviewDecision.ACCEPTED:
        text = _("%(w)s的落实情况已获认可。")
    else:
        text = _("%(w)s的落实情况需续报：%(n)s")
    _tell_case(
        followup.unit_handlers(assignment.unit_id),
        "instructions.reviewed",
        text,
        instruction,
        _url(instruction),
        n=note.strip()[:200],
    )
    return feedback


@write_action
def request_extension(user: User | None, assignment: Assignment, until: datetime.date, reason: str) -> Extension:
    """延期申请: only before the due date has passed, for a later date, with a reason."""
    assignment = _locked(assignment)
    _require_unit(user, assignment)
    assignment_next(assignment.state, AssignmentAction.EXTEND)  # open assignments only
    if timezone.localdate() > assignment.due_on:
        raise DomainError(_("办理期限已过，不能再申请延期；请尽快反馈落实情况。"))
    if until <= assignment.due_on:
        raise DomainError(
            _("申请的期限须晚于现在的期限（%(d)s）。") % {"d": f"{assignment.due_on:%Y-%m-%d}"}, field="until"
        )
    if not reason.strip():
        raise DomainError(_("请说明延期理由。"), field="reason")
    if assignment.extensions.filter(state=ExtensionState.PENDING).exists():
        raise DomainError(_("已有一份延期申请待审批。"))
    row = Extension.objects.create(
        assignment=assignment, requested_due_on=until, reason=reason.strip()[:500], requested_by=user
    )
    record(user, "instructions.request_extension", row, new={"until": until.isoformat(), "reason": reason[:200]})
    instruction = assignment.instruction
    _tell_case(
        followup.hub_seniors(instruction.hub_id),
        "instructions.extension",
        _("%(u)s申请将%(w)s的办理期限延至%(d)s，请审批。"),
        instruction,
        _url(instruction),
        u=assignment.unit.name,
        d=f"{until:%Y-%m-%d}",
    )
    return row


@write_action
def decide_extension(user: User | None, extension: Extension, approve: bool) -> Extension:
    """The chief or director approves (the deadline moves, reminders follow) or refuses."""
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    assignment = _locked(extension.assignment)
    instruction = assignment.instruction
    duties.require(duties.can_approve_extension(user, instruction.hub_id), _("延期申请由信息科科长或办公室主任审批。"))
    if extension.state != ExtensionState.PENDING:
        raise DomainError(_("这份延期申请已审批过。"))
    extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    extension.decided_by, extension.decided_at = user, timezone.now()
    extension.save(update_fields=["state", "decided_by", "decided_at"])
    old = assignment.due_on
    if approve and assignment.is_open:
        assignment.due_on = extension.requested_due_on
        assignment.save(update_fields=["due_on"])
        followup.cancel_reminders(assignment)
        followup.schedule_reminders(assignment)
    record(
        user,
        "instructions.decide_extension",
        extension,
        old={"due_on": old.isoformat()},
        new={"approved": approve, "due_on": assignment.due_on.isoformat()},
    )
    text = (
        _("延期申请已同意，办理期限延至%(d)s。") % {"d": f"{assignment.due_on:%Y-%m-%d}"}
        if approve
        else _("延期申请未获同意，办理期限仍为%(d)s。") % {"d": f"{assignment.due_on:%Y-%m-%d}"}
    )
    notify(followup.unit_handlers(assignment.unit_id), "instructions.extension_decided", text, url=_url(instruction))
    return extension


@write_action
def withdraw(user: User | None, assignment: Assignment, reason: str) -> Assignment:
    """撤回交办 (assigned to the wrong unit): the unit is told and no longer chased."""
    assignment = _locked(assignment)
    _require_hub(user, assignment.instruction)
    if not reason.strip():
        raise DomainError(_("请说明撤回理由。"), field="reason")
    assignment.state = assignment_next(assignment.state, AssignmentAction.WITHDRAW)
    assignment.save(update_fields=["state"])
    followup.cancel_reminders(assignment)
    record(user, "instructions.withdraw", assignment, new={"reason": reason[:200]})
    _tell_case(
        followup.unit_handlers(assignment.unit_id),
        "instructions.withdrawn",
        _("交由本单位办理的%(w)s已撤回：%(r)s"),
        assignment.instruction,
        _url(assignment.instruction),
        r=reason[:200],
    )
    return assignment


@write_action
def close(user: User | None, instruction: Instruction, outcome: str) -> Instruction:
    """办结: every assignment carried out (or withdrawn); the writer, the units and the leader hear the outcome."""
    instruction = Instruction.objects.select_for_update().get(pk=instruction.pk)
    _require_hub(user, instruction)
    if not outcome.strip():
        raise DomainError(_("请填写办结情况。"), field="outcome")
    open_units = [a.unit.name for a in instruction.assignments.select_related("unit") if a.is_open]
    if open_units:
        raise DomainError(_("以下单位尚未落实，不能办结：%(u)s。") % {"u": "、".join(open_units)})
    instruction.state = instruction_next(instruction.state, InstructionAction.CLOSE)
    instruction.outcome, instruction.closed_at, instruction.closed_by = outcome.strip(), timezone.now(), user
    instruction.save(update_fields=["state", "outcome", "closed_at", "closed_by"])
    record(user, "instructions.close", instruction, new={"outcome": outcome[:200]})
    _tell_outcome(instruction)
    instruction_closed.send(sender=Instruction, instruction=instruction)
    return instruction


def _tell_outcome(instruction: Instruction) -> None:
    url = _url(instruction)
    outcome = instruction.outcome[:200]
    item = instruction.item
    if item is not None:
        tell(
            writer_side(item),
            "instructions.closed",
            _("您的社情民意《%(t)s》办理已办结：%(o)s")
            if instruction.track == FollowUpTrack.OPINION
            else _("您的信息《%(t)s》所获%(w)s已办结：%(o)s"),
            url=f"/items/{item.pk}/",
            titles={"t": (item, title_of(item))},
            w=_what(instruction),
            o=outcome,
        )
    elif instruction.issue_id is not None:
        from xinbao.publications.queries import issue_authors

        notify(
            issue_authors(instruction.issue_id),
            "instructions.closed",
            _("您的信息所在刊物所获%(l)s批示已办结：%(o)s") % {"l": instruction.leader_name, "o": outcome},
            url=f"/publications/issues/{instruction.issue_id}/",
        )
    units = {a.unit_id for a in instruction.assignments.exclude(state=AssignmentState.WITHDRAWN)}
    people = [p for unit_id in sorted(units) for p in followup.unit_handlers(unit_id)]
    if instruction.leader is not None:
        people.append(instruction.leader)
    _tell_case(people, "instructions.closed", _("%(w)s已办结：%(o)s"), instruction, url, o=outcome)


# --- 社情民意办理 (the CPPCC channel) ---------------------------------------------------------------


@write_action
def send_for_handling(
    user: User | None,
    submission: Submission,
    units: Sequence[Unit],
    *,
    due_on: datetime.date,
    expectation: str,
) -> Instruction:
    """The CPPCC office sends an adopted 社情民意 to the responsible departments for handling (办理);
    the member who wrote it is told, sees each reply and rates it."""
    duties.require(
        duties.can_assign_instruction(user, submission.hub_id), _("只有接收该社情民意的政协信息科人员可以交办理。")
    )
    if submission.channel.code != "cppcc" or submission.state != SubmissionState.ADOPTED:
        raise DomainError(_("只有政协渠道已采用的社情民意可以交办理。"))
    if not expectation.strip():
        raise DomainError(_("请填写办理要求。"), field="expectation")
    item = submission.item
    instruction = Instruction.objects.create(
        track=FollowUpTrack.OPINION,
        item=item,
        hub_id=submission.hub_id,
        leader_name=submission.hub.name,
        kind=InstructionKind.ACTION,
        text=expectation.strip(),
        instructed_on=timezone.localdate(),
        recorded_by=user,
    )
    record(user, "instructions.send_opinion", instruction, new={"item": item.pk, "submission": submission.pk})
    _assign(user, instruction, units, due_on=due_on, expectation=expectation)
    tell(
        [item.author],
        "instructions.opinion_sent",
        _("您的社情民意《%(t)s》已交%(u)s办理，期限%(d)s。"),
        url=_url(instruction),
        titles={"t": (item, title_of(item))},
        u="、".join(u.name for u in units),
        d=f"{due_on:%Y-%m-%d}",
    )
    return instruction


@write_action
def rate_reply(user: User | None, feedback: Feedback, rating: str, note: str = "") -> Feedback:
    """The member rates a department's reply: 满意/基本满意 end that department's part; 不满意 sends
    it back once for a new reply — a second 不满意 is recorded and ends it."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    assignment = _locked(feedback.assignment)
    instruction = assignment.instruction
    if instruction.track != FollowUpTrack.OPINION or instruction.item is None:
        raise DomainError(_("只有社情民意办理答复可以评价。"))
    duties.require(
        duties.can_rate_opinion_reply(user, instruction.item.author_id), _("只有提出该社情民意的委员可以评价办理答复。")
    )
    if rating not in Rating.values:
        raise DomainError(_("请选择评价。"), field="rating")
    if feedback.rating or assignment.feedback.filter(number__gt=feedback.number).exists():
        raise DomainError(_("这份答复已评价过。"))
    sent_back = assignment.feedback.filter(rating=Rating.UNSATISFIED).exists()
    if rating == Rating.UNSATISFIED and not note.strip():
        raise DomainError(_("不满意时请说明理由。"), field="note")
    back = rating == Rating.UNSATISFIED and not sent_back
    assignment.state = assignment_next(
        assignment.state, AssignmentAction.ASK_MORE if back else AssignmentAction.APPROVE
    )
    now = timezone.now()
    feedback.rating, feedback.review_note = rating, note.strip()[:500]
    feedback.decision = ReviewDecision.MORE if back else ReviewDecision.ACCEPTED
    feedback.reviewed_by, feedback.reviewed_at = user, now
    feedback.save(update_fields=["rating", "review_note", "decision", "reviewed_by", "reviewed_at"])
    if back:
        followup.schedule_reminders(assignment)
    else:
        assignment.done_at = now
        followup.cancel_reminders(assignment)
    assignment.save(update_fields=["state", "done_at"])
    record(user, "instructions.rate_reply", feedback, new={"rating": rating, "sent_back": back})
    label = Rating(rating).label
    text = (
        _("委员对办理答复“%(r)s”，退回重新办理：%(n)s") % {"r": label, "n": note.strip()[:200]}
        if back
        else _("委员对办理答复的评价：%(r)s。") % {"r": label}
    )
    people = followup.unit_handlers(assignment.unit_id) + followup.hub_staff(instruction.hub_id)
    notify(people, "instructions.reply_rated", text, url=_url(instruction))
    return feedback


# --- The hub's reminder plan (督办提醒方案) ---------------------------------------------------------


@write_action
def save_followup_plan(
    user: User | None,
    hub: Unit,
    *,
    remind_before: str,
    chase_after: str,
    chief_after: int | None,
    director_after: int | None,
) -> FollowupPlan:
    """Set the hub's reminder plan; the unsent reminders of its open assignments follow the new plan."""
    duties.require(duties.is_hub_senior(user, hub), _("只有信息科科长或办公室主任可以设置督办提醒方案。"))
    before = followup.parse_days(remind_before, "remind_before", low=0, high=followup.MAX_BEFORE)
    after = followup.parse_days(chase_after, "chase_after", low=1, high=followup.MAX_AFTER)
    for value, field in ((chief_after, "chief_after"), (director_after, "director_after")):
        if value is not None and not 1 <= value <= followup.MAX_AFTER:
            raise DomainError(_("天数须在%(a)s到%(b)s之间。") % {"a": 1, "b": followup.MAX_AFTER}, field=field)
    if chief_after is not None and director_after is not None and director_after < chief_after:
        raise DomainError(_("告知主任应不早于告知科长。"), field="director_after")
    plan, _created = FollowupPlan.objects.get_or_create(hub=hub)
    old = {"plan": followup.describe(followup.plan_of(plan))} if not _created else None
    plan.remind_before = followup.days_text(sorted(before, reverse=True))
    plan.chase_after = followup.days_text(after)
    plan.chief_after, plan.director_after, plan.updated_by = chief_after, director_after, user
    plan.save()
    moved = _reschedule_open_assignments(hub)
    record(
        user,
        "instructions.save_followup_plan",
        plan,
        old=old,
        new={"plan": followup.describe(followup.plan_of(plan)), "rescheduled": moved},
    )
    return plan


def _reschedule_open_assignments(hub: Unit) -> int:
    """Open assignments of the hub drop their unsent reminders and get the new plan's (past steps skipped;
    a reminder already sent is never sent again)."""
    open_ones = Assignment.objects.filter(
        instruction__hub=hub, state__in=[AssignmentState.ASSIGNED, AssignmentState.ACCEPTED]
    ).select_related("instruction", "unit")
    count = 0
    for assignment in open_ones:
        followup.cancel_reminders(assignment)
        followup.schedule_reminders(assignment)
        count += 1
    return count
