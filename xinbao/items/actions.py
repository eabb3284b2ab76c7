"""Every write on information items. (The lifecycle actions are added by the items issue.)"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.events import publish
from xinbao.orgs.models import Unit
from xinbao.orgs.roles import HUB_STAFF

from .credits import credits_for
from .models import Adoption, AdoptionCredit, AdoptionKind, AdoptionLevel, Item, Submission


def _require_hub_staff_of(user: Any, hub: Unit | None) -> None:
    if user is None:
        return
    if not user.has_role(*HUB_STAFF) or hub is None or user.unit_id != hub.pk:
        raise PermissionRefused(_("只有本级信息科人员可以登记采用。"))


@write_action
def record_adoption(
    user: Any,
    *,
    item: Item,
    level: str,
    adopted_on: datetime.date,
    adopter: Unit | None = None,
    adopter_name: str = "",
    submission: Submission | None = None,
    publication: str = "",
    issue_label: str = "",
    issue_id: int | None = None,
    periodical_id: int | None = None,
    kind: str | None = None,
    forwarded: bool = False,
    as_research: bool = False,
    external: bool = False,
    evidence: Any = None,
) -> Adoption:
    """Record one adoption of ``item`` and its credits.

    Inside the system ``adopter`` is the hub (the user must be its staff); outside (``external``)
    ``adopter_name`` names the body (省委办公厅《每日要情》, 中办, 国办, 全国政协 …) and the recording hub
    is the user's unit. With ``issue_id`` the call is idempotent: the same item in the same issue is
    adopted once, however often publishing is pressed.
    """
    _require_hub_staff_of(user, adopter if not external else getattr(user, "unit", None))
    if level not in AdoptionLevel.values:
        raise DomainError(_("采用级别不正确。"), field="level")
    kind = kind or (AdoptionKind.COMBINED if item.is_combined else AdoptionKind.SINGLE)
    if kind not in AdoptionKind.values:
        raise DomainError(_("采用方式不正确。"), field="kind")
    name = adopter_name or (adopter.name if adopter else "")
    if not name:
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    if issue_id is not None:
        existing = Adoption.objects.filter(item=item, issue_id=issue_id, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
    adoption = Adoption.objects.create(
        item=item,
        submission=submission,
        adopter=adopter,
        adopter_name=name,
        publication=publication,
        issue_label=issue_label,
        issue_id=issue_id,
        periodical_id=periodical_id,
        level=level,
        kind=kind,
        forwarded=forwarded,
        as_research=as_research,
        adopted_on=adopted_on,
        external=external,
        recorded_by=user if user is not None else None,
        **({"evidence": evidence} if evidence else {}),
    )
    AdoptionCredit.objects.bulk_create(
        [
            AdoptionCredit(
                adoption=adoption,
                unit_id=c.unit_id,
                person_id=c.person_id,
                source_item_id=c.source_item_id,
                joint=c.joint,
            )
            for c in credits_for(item)
        ]
    )
    record(
        user,
        "items.record_adoption",
        item,
        new={
            "adopter": name,
            "publication": publication,
            "issue": issue_label,
            "level": level,
            "kind": kind,
            "adopted_on": adopted_on,
            "external": external,
        },
    )
    _announce_adoption(adoption)
    return adoption


def _announce_adoption(adoption: Adoption) -> None:
    """Tell the writer(s), and publish the event (scoring books points at once)."""
    from xinbao.notify.actions import notify

    people = {c.person for c in adoption.credits.select_related("person") if c.person is not None}
    where = f"{adoption.adopter_name}{adoption.publication}{adoption.issue_label}"
    notify(
        people,
        "items.adopted",
        _("您的信息《%(t)s》被%(w)s采用。") % {"t": adoption.item.title, "w": where},
        url=f"/items/{adoption.item_id}/",
    )
    publish("items.adopted", adoption=adoption)
