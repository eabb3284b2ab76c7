"""Adoption records: in the system (a hub's decision or a publication issue) and outside it (系统外采用:
省委办公厅《每日要情》, 中办, 国办, 全国政协 …), each with the credits of every unit and writer concerned."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record, record_each
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.notify.actions import Message, notify_many
from xinbao.orgs import duties

from ..credits import credits_for
from ..models import Adoption, AdoptionCredit, AdoptionKind, AdoptionLevel, Item, Submission, SubmissionState
from ..signals import item_adopted
from ._common import messages_for
from .attachments import check_file

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User


@dataclass(frozen=True)
class IssuePrint:
    """What every adoption by one publication issue (印发) shares."""

    level: str
    issue_id: int
    periodical_id: int | None
    publication: str
    issue_label: str
    adopted_on: datetime.date


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
    adoption = adoption_row(user, rec, kind, name)
    adoption.save(force_insert=True)
    AdoptionCredit.objects.bulk_create(credit_rows(adoption))
    record(user, "items.record_adoption", rec.item, new=audit_values(rec, kind, name))
    announce_adoptions([adoption])
    return adoption


def adoption_row(user: User | None, rec: AdoptionRecord, kind: str, name: str) -> Adoption:
    """The unsaved Adoption a record describes (``record_adoption`` saves one, publishing many at once)."""
    return Adoption(
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


def credit_rows(adoption: Adoption) -> list[AdoptionCredit]:
    """Who gets credit for a saved adoption (``credits_for`` its item), as unsaved rows."""
    return [
        AdoptionCredit(
            adoption=adoption,
            unit_id=c.unit_id,
            person_id=c.person_id,
            source_item_id=c.source_item_id,
            joint=c.joint,
        )
        for c in credits_for(adoption.item)
    ]


def audit_values(rec: AdoptionRecord, kind: str, name: str) -> dict[str, Any]:
    return {
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


def fill_in_issue(user: User | None, adoptions: list[Adoption], issue: IssuePrint) -> None:
    """Hub decisions' adoptions gain the issue that prints their items (one adoption per hub decision).
    Each keeps its date, so the period it counts in does not move; the caller re-announces them so that
    scoring rescores that period now that the periodical is known. ``adoptions``: with their items."""
    for adoption in adoptions:
        adoption.issue_id, adoption.periodical_id = issue.issue_id, issue.periodical_id
        adoption.publication = issue.publication or adoption.publication
        adoption.issue_label = issue.issue_label
    Adoption.objects.bulk_update(adoptions, ["issue_id", "periodical_id", "publication", "issue_label"])
    record_each(
        user,
        "items.adopt_in_issue",
        [(a.item, {"issue_id": issue.issue_id, "issue": issue.issue_label}) for a in adoptions],
    )


def announce_adoption(adoption: Adoption, *, tell_writers: bool = True) -> None:
    announce_adoptions([adoption], tell_writers=tell_writers)


def announce_adoptions(adoptions: list[Adoption], *, tell_writers: bool = True) -> None:
    """Tell the writer(s) of each, and signal the adoptions (scoring books their points). The credits,
    their people and the people's roles (the read policy) are read once for all."""
    if not adoptions:
        return
    prefetch_related_objects(adoptions, "credits__person__roles" if tell_writers else "credits")
    if tell_writers:
        notify_many([message for adoption in adoptions for message in _adoption_messages(adoption)])
    item_adopted.send(sender=Adoption, adoptions=adoptions)


def _adoption_messages(adoption: Adoption) -> list[Message]:
    return messages_for(
        [c.person for c in adoption.credits.all() if c.person is not None],
        "items.adopted",
        _("您的信息《%(t)s》被%(w)s采用。"),
        f"/items/{adoption.item_id}/",
        titles={"t": (adoption.item, adoption.item.title)},
        w=f"{adoption.adopter_name}{adoption.publication}{adoption.issue_label}",
    )


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
