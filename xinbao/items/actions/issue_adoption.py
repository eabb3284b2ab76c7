"""Publishing an issue (印发) adopts every item it prints: what ``screening.adopt`` does with an issue, for
all of the issue's entries at once, in a fixed number of queries. One by one, a 30-entry issue took 780
statements (on PostgreSQL the seven-table locking read alone took 2–6 ms to plan, each time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from xinbao.audit.actions import record_each
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError

from ..models import Adoption, AdoptionCredit, AdoptionKind, AdoptionLevel, Submission, SubmissionState
from ..states import SubmissionAction
from .adoption import (
    AdoptionRecord,
    IssuePrint,
    adoption_row,
    announce_adoptions,
    audit_values,
    credit_rows,
    fill_in_issue,
)
from .screening import decide_all, lock_submissions

if TYPE_CHECKING:
    from xinbao.orgs.models import User


@write_action
def adopt_in_issue(user: User | None, submission_ids: list[int], issue: IssuePrint) -> list[Adoption]:
    """``adopt(user, s, issue_id=…)`` for each submission, in the order given: an item the issue already
    adopted stays as it is (publishing twice adopts once); a hub decision's adoption gains the issue; any
    other submission is adopted (采用) and its adoption recorded, credits and writers told. Returns the
    adoptions written."""
    if issue.level not in AdoptionLevel.values:
        raise DomainError(_("采用级别不正确。"), field="level")
    subs = lock_submissions(user, submission_ids, SubmissionAction.ADOPT)
    todo = _not_yet_in(issue, subs)
    undated = _decisions_adoptions(todo)
    filled = [undated[sub.pk] for sub in todo if sub.pk in undated]
    fill_in_issue(user, filled, issue)
    fresh = [sub for sub in todo if sub.pk not in undated]
    decide_all(user, [sub for sub in fresh if sub.state != SubmissionState.ADOPTED], SubmissionAction.ADOPT)
    created = _record_all(user, fresh, issue)
    announce_adoptions(filled, tell_writers=False)
    announce_adoptions(created)
    return filled + created


def _not_yet_in(issue: IssuePrint, subs: list[Submission]) -> list[Submission]:
    """The submissions whose items the issue has not adopted yet, each item once."""
    done = set(
        Adoption.objects.filter(
            item_id__in=[sub.item_id for sub in subs], issue_id=issue.issue_id, revoked_at__isnull=True
        ).values_list("item_id", flat=True)
    )
    result = []
    for sub in subs:
        if sub.item_id not in done:
            done.add(sub.item_id)
            result.append(sub)
    return result


def _decisions_adoptions(subs: list[Submission]) -> dict[int, Adoption]:
    """Each submission's live adoption by a hub decision not yet in an issue (the first, as ``adopt``
    takes it), with its item."""
    found: dict[int, Adoption] = {}
    rows = Adoption.objects.filter(
        submission_id__in=[sub.pk for sub in subs], issue_id__isnull=True, revoked_at__isnull=True
    ).select_related("item")
    for adoption in rows:  # the model's ordering, as ``.first()`` in ``adopt``
        if adoption.submission_id is not None:
            found.setdefault(adoption.submission_id, adoption)
    return found


def _record_all(user: User | None, subs: list[Submission], issue: IssuePrint) -> list[Adoption]:
    """``record_adoption`` of each submission's item by the issue: one insert of adoptions, one of credits,
    one of audit rows."""
    if not subs:
        return []
    records = [_record_of(sub, issue) for sub in subs]
    kinds = [AdoptionKind.COMBINED if sub.item.is_combined else AdoptionKind.SINGLE for sub in subs]
    prefetch_related_objects([sub.item for sub in subs if not sub.item.is_combined], "co_units")
    adoptions = Adoption.objects.bulk_create(
        [adoption_row(user, rec, kind, rec.adopter_name) for rec, kind in zip(records, kinds, strict=True)]
    )
    AdoptionCredit.objects.bulk_create([credit for adoption in adoptions for credit in credit_rows(adoption)])
    record_each(
        user,
        "items.record_adoption",
        [(rec.item, audit_values(rec, kind, rec.adopter_name)) for rec, kind in zip(records, kinds, strict=True)],
    )
    return adoptions


def _record_of(sub: Submission, issue: IssuePrint) -> AdoptionRecord:
    return AdoptionRecord(
        item=sub.item,
        level=issue.level,
        adopted_on=issue.adopted_on,
        adopter=sub.hub,
        adopter_name=sub.hub.name,
        submission=sub,
        publication=issue.publication,
        issue_label=issue.issue_label,
        issue_id=issue.issue_id,
        periodical_id=issue.periodical_id,
        forwarded=sub.parent_id is not None,
    )
