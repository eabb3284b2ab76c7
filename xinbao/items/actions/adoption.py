"""Adoption records: in the system (a hub's decision or a publication issue) and outside it (系统外采用:
省委办公厅《每日要情》, 中办, 国办, 全国政协 …), each with the credits of every unit and writer concerned."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties

from ..credits import credits_for
from ..models import Adoption, AdoptionCredit, AdoptionKind, AdoptionLevel, Item, Submission, SubmissionState
from ..signals import item_adopted
from ._common import tell
from .attachments import check_file

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User


@dataclass
class AdoptionRecord:
    """What one adoption says. Inside the system ``adopter`` is the hub; outside (``external``)
    ``adopter_name`` names the body and the recording hub is the user's unit."""

    item: Item
    level: str
    adopted_on: datetime.date
    adopter: Unit | None = None
    adopter_name: str = ""
    submission: Submission | None = None
    publication: str = ""
    issue_label: str = ""
    issue_id: int | None = None
    periodical_id: int | None = None
    kind: str | None = None
    forwarded: bool = False
    as_research: bool = False
    external: bool = False
    direct: bool = False
    evidence: Any = None
    adopter_score: Decimal | None = None


def _check(user: User | None, rec: AdoptionRecord) -> tuple[str, str]:
    if rec.direct:
        hubs = rec.item.submissions.values_list("hub_id", flat=True)
        duties.require(
            duties.can_record_direct_adoption(user, rec.item.unit_id, hubs),
            _("只有本单位签发人或信息所报送单位的信息科人员可以登记直报采用。"),
        )
    elif user is not None:
        hub = rec.adopter if not rec.external else user.unit
        duties.require(hub is not None and duties.can_screen(user, hub), _("只有本级信息科人员可以登记采用。"))
    if rec.level not in AdoptionLevel.values:
        raise DomainError(_("采用级别不正确。"), field="level")
    kind = rec.kind or (AdoptionKind.COMBINED if rec.item.is_combined else AdoptionKind.SINGLE)
    if kind not in AdoptionKind.values:
        raise DomainError(_("采用方式不正确。"), field="kind")
    name = rec.adopter_name or (rec.adopter.name if rec.adopter else "")
    if not name:
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    return kind, name


@write_action
def record_adoption(user: User | None, rec: AdoptionRecord) -> Adoption:
    """Record one adoption of ``rec.item`` and its credits. With ``issue_id`` the call is idempotent:
    the same item in the same issue is adopted once, however often publishing is pressed."""
    kind, name = _check(user, rec)
    if rec.issue_id is not None:
        existing = Adoption.objects.filter(item=rec.item, issue_id=rec.issue_id, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
    adoption = Adoption.objects.create(
        item=rec.item,
        submission=rec.submission,
        adopter=rec.adopter,
        adopter_name=name,
        publication=rec.publication,
        issue_label=rec.issue_label,
        issue_id=rec.issue_id,
        periodical_id=rec.periodical_id,
        level=rec.level,
        kind=kind,
        forwarded=rec.forwarded,
        as_research=rec.as_research,
        adopted_on=rec.adopted_on,
        external=rec.external,
        direct=rec.direct,
        adopter_score=rec.adopter_score,
        recorded_by=user,
        **({"evidence": rec.evidence} if rec.evidence else {}),
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
            for c in credits_for(rec.item)
        ]
    )
    new = {
        "adopter": name,
        "publication": rec.publication,
        "issue": rec.issue_label,
        "level": rec.level,
        "kind": kind,
        "adopted_on": rec.adopted_on,
        "external": rec.external,
        **({"direct": True} if rec.direct else {}),
        **({"adopter_score": rec.adopter_score} if rec.adopter_score is not None else {}),
    }
    record(user, "items.record_adoption", rec.item, new=new)
    announce_adoption(adoption)
    return adoption


def announce_adoption(adoption: Adoption, *, tell_writers: bool = True) -> None:
    """Tell the writer(s), and signal the adoption (scoring books its points)."""
    if tell_writers:
        people = [c.person for c in adoption.credits.select_related("person") if c.person is not None]
        where = f"{adoption.adopter_name}{adoption.publication}{adoption.issue_label}"
        tell(
            people,
            "items.adopted",
            _("您的信息《%(t)s》被%(w)s采用。"),
            f"/items/{adoption.item_id}/",
            titles={"t": (adoption.item, adoption.item.title)},
            w=where,
        )
    item_adopted.send(sender=Adoption, adoption=adoption)


@write_action
def record_external_adoption(
    user: User | None,
    submission: Submission,
    *,
    adopter_name: str,
    level: str,
    adopted_on: datetime.date,
    publication: str = "",
    issue_label: str = "",
    evidence: Any = None,
    adopter_score: Decimal | None = None,
    kind: str = "",
) -> Adoption:
    """An adoption by a body outside the system (省委办公厅《每日要情》, 中办, 国办, 全国政协), recorded by
    the hub that forwarded the item, with the publication, date and evidence."""
    submission = Submission.objects.select_related("item").get(pk=submission.pk)
    duties.require(duties.can_screen(user, submission.hub_id), _("只有接收单位信息科的人员可以处理这条报送。"))
    if submission.state not in (SubmissionState.ADOPTED, SubmissionState.FORWARDED):
        raise DomainError(_("只能为本级已采用或已转报的信息登记系统外采用。"))
    if not (adopter_name or "").strip():
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    if adopted_on > timezone.localdate():
        raise DomainError(_("采用日期不能晚于今天。"), field="adopted_on")
    if evidence is not None:
        check_file(evidence)
    if adopter_score is not None and adopter_score < 0:
        raise DomainError(_("采用单位给分不能为负数。"), field="adopter_score")
    return record_adoption(
        user,
        AdoptionRecord(
            item=submission.item,
            level=level,
            adopted_on=adopted_on,
            adopter_name=adopter_name.strip(),
            submission=submission,
            publication=publication.strip(),
            issue_label=issue_label.strip(),
            forwarded=True,
            external=True,
            evidence=evidence,
            adopter_score=adopter_score,
            kind=kind or None,
        ),
    )


@write_action
def record_direct_adoption(
    user: User | None,
    item: Item,
    *,
    adopter_name: str,
    level: str,
    adopted_on: datetime.date,
    evidence: Any,
    publication: str = "",
    issue_label: str = "",
    adopter_score: Decimal | None = None,
    kind: str = "",
) -> Adoption:
    """直报采用: the unit reported the item straight to a higher office (not through its hub), which
    adopted it. Recorded by the unit's signer or by a hub the item reached, always with evidence."""
    item = Item.objects.get(pk=item.pk)
    if item.submitted_at is None:
        raise DomainError(_("信息签发报送后才能登记直报采用。"))
    if not (adopter_name or "").strip():
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    if adopted_on > timezone.localdate():
        raise DomainError(_("采用日期不能晚于今天。"), field="adopted_on")
    if evidence is None:
        raise DomainError(_("直报采用须上传佐证材料（采用通知、刊物版面等）。"), field="evidence")
    check_file(evidence)
    if adopter_score is not None and adopter_score < 0:
        raise DomainError(_("采用单位给分不能为负数。"), field="adopter_score")
    return record_adoption(
        user,
        AdoptionRecord(
            item=item,
            level=level,
            adopted_on=adopted_on,
            adopter_name=adopter_name.strip(),
            publication=publication.strip(),
            issue_label=issue_label.strip(),
            external=True,
            direct=True,
            evidence=evidence,
            adopter_score=adopter_score,
            kind=kind or None,
        ),
    )
