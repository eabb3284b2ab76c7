"""Recording a 批示: by the leader themself, or by hub staff on the leader's behalf."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items.models import Item
from xinbao.notify.actions import notify
from xinbao.orgs.roles import HUB_STAFF, LeaderLevel, Role

from .models import Instruction, InstructionKind
from .signals import instruction_recorded


@write_action
def record_instruction(
    user: Any,
    *,
    text: str,
    item: Item | None = None,
    issue_id: int | None = None,
    leader: Any = None,
    leader_name: str = "",
    leader_level: str = "",
    leader_post: str = "",
    kind: str = InstructionKind.GUIDANCE,
    instructed_on: datetime.date | None = None,
) -> Instruction:
    """A leader records their own 批示 (``leader`` defaults to them); hub staff may record one
    received on paper, naming the leader and level."""
    if user is not None:
        if user.has_role(Role.LEADER):
            leader = leader or user
        elif not user.has_role(*HUB_STAFF):
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
    instruction = Instruction.objects.create(
        item=item,
        issue_id=issue_id,
        leader=leader,
        leader_name=leader_name or (str(leader) if leader else ""),
        leader_level=level,
        leader_post=leader_post,
        kind=kind,
        text=text.strip(),
        instructed_on=instructed_on or timezone.localdate(),
        recorded_by=user,
    )
    record(
        user,
        "instructions.record",
        instruction,
        new={"item": item and item.pk, "issue": issue_id, "leader": instruction.leader_name, "level": level},
    )
    if item is not None:
        notify(
            [item.author],
            "instructions.recorded",
            _("您的信息《%(t)s》获%(l)s批示。") % {"t": item.title, "l": instruction.leader_name},
            url=f"/items/{item.pk}/",
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
