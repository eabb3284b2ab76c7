"""Publishing an issue adopts all of its entries at once (``actions.adopt_in_issue``): each entry ends as
``adopt(…, issue_id=…)`` one by one would leave it — pending and reserve items adopted, a hub decision's
adoption filled in with the issue, a combined item credited to its sources — and a refused entry changes
nothing at all."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import actions
from xinbao.items.models import Adoption, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification
from xinbao.publications import actions as pub_actions
from xinbao.publications.models import IssueState
from xinbao.publications.tests.factories import periodical, sign_off
from xinbao.scoring.models import PendingScore

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
DECIDED = datetime.datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)
PRINTED = datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI)


@pytest.fixture
def mixed(city):
    """An issue of four entries: pending, reserve, adopted by decision on the 20th, and a combined item
    made from a township's and township 2's items."""
    with time_machine.travel(DECIDED, tick=False):
        pending = make_submitted_item(city, title="待处理的稿")
        reserved = actions.reserve(city.county_editor, make_submitted_item(city, title="备用的稿"))
        decided = make_submitted_item(city, title="已采用的稿")
        decision = actions.adopt(city.county_editor, decided)
        first = make_submitted_item(city, title="综合素材甲")
        second = make_submitted_item(city, title="综合素材乙", officer=city.officer2)
        combined = actions.merge(city.county_editor, [first, second], title="综合稿", body="两镇做法。")
        issue = pub_actions.create_issue(city.county_editor, periodical(city))
        for sub in (pending, reserved, decided, combined):
            pub_actions.add_entry(city.county_editor, issue, sub)
    with time_machine.travel(PRINTED, tick=False):
        issue = sign_off(city, issue)
    return issue, {"pending": pending, "reserved": reserved, "decided": decided, "combined": combined}, decision


def test_every_entry_ends_adopted_once_in_the_issue(city, mixed):
    issue, subs, decision = mixed
    revisions = {key: Submission.objects.get(pk=sub.pk).revision for key, sub in subs.items()}
    with time_machine.travel(PRINTED, tick=False):
        pub_actions.publish_issue(city.county_editor, issue)
    for key, sub in subs.items():
        sub = Submission.objects.get(pk=sub.pk)
        assert sub.state == SubmissionState.ADOPTED, key
        assert sub.revision == revisions[key] + (0 if key == "decided" else 1), key
        adoptions = Adoption.objects.filter(item_id=sub.item_id, revoked_at__isnull=True)
        assert adoptions.count() == 1, key  # one adoption per hub decision: the issue fills it in
        adoption = adoptions.get()
        assert adoption.issue_id == issue.pk and adoption.publication == "《清河信息》", key
    filled = Adoption.objects.get(pk=decision.pk)
    assert filled.issue_id == issue.pk
    assert filled.adopted_on == datetime.date(2026, 11, 20)  # keeps its date: the period does not move
    fresh = Adoption.objects.get(item_id=subs["pending"].item_id)
    assert fresh.adopted_on == datetime.date(2026, 11, 25) and fresh.level == "county" and fresh.kind == "single"
    combined = Adoption.objects.get(item_id=subs["combined"].item_id)
    assert combined.kind == "combined"
    assert set(combined.credits.values_list("unit_id", flat=True)) == {city.township.pk, city.township2.pk}


def test_the_audit_log_and_the_writers_hear_of_each_adoption(city, mixed):
    issue, subs, _decision = mixed
    before = AuditRecord.objects.count()
    told_before = Notification.objects.filter(kind="items.adopted").count()
    with time_machine.travel(PRINTED, tick=False):
        pub_actions.publish_issue(city.county_editor, issue)
    rows = AuditRecord.objects.order_by("id")[before:]
    decided = [r for r in rows if r.action == "items.adopt"]
    assert sorted(r.old_values["state"] for r in decided) == ["pending", "pending", "reserve"]
    assert all(r.new_values["state"] == "adopted" for r in decided)
    assert len([r for r in rows if r.action == "items.record_adoption"]) == 3
    assert [r.object_id for r in rows if r.action == "items.adopt_in_issue"] == [str(subs["decided"].item_id)]
    # The township's writer hears of the pending and reserve items and of the combined one (credited);
    # township 2's writer of the combined one; the decided item's writer was told at the decision.
    told = Notification.objects.filter(kind="items.adopted").order_by("id")[told_before:]
    assert sorted(n.recipient_id for n in told if n.recipient_id in (city.officer.pk, city.officer2.pk)) == sorted(
        [city.officer.pk] * 3 + [city.officer2.pk]
    )
    assert any("综合稿" in n.text for n in told if n.recipient_id == city.officer2.pk)


def test_scoring_hears_each_unit_once_per_day(city, mixed):
    issue, _subs, _decision = mixed
    PendingScore.objects.all().delete()
    with time_machine.travel(PRINTED, tick=False):
        pub_actions.publish_issue(city.county_editor, issue)
    rows = sorted(PendingScore.objects.values_list("unit_id", "on"))
    assert rows == sorted(
        [
            (city.township.pk, datetime.date(2026, 11, 20)),  # the decided item's period is rescored
            (city.township.pk, datetime.date(2026, 11, 25)),
            (city.township2.pk, datetime.date(2026, 11, 25)),
        ]
    )


def test_an_entry_that_cannot_be_adopted_refuses_the_whole_issue(city, mixed):
    issue, subs, _decision = mixed
    actions.reject(city.county_editor, subs["reserved"], "与他稿重复。")
    before = (AuditRecord.objects.count(), Adoption.objects.count(), Notification.objects.count())
    with pytest.raises(DomainError), time_machine.travel(PRINTED, tick=False):
        pub_actions.publish_issue(city.county_editor, issue)
    assert (AuditRecord.objects.count(), Adoption.objects.count(), Notification.objects.count()) == before
    assert Submission.objects.get(pk=subs["pending"].pk).state == SubmissionState.PENDING
    issue.refresh_from_db()
    assert issue.state != IssueState.PUBLISHED


def test_only_the_hubs_staff_adopt_in_its_issue(city, mixed):
    issue, subs, _decision = mixed
    where = actions.IssuePrint("county", issue.pk, issue.periodical_id, "《清河信息》", "2026年第1期", PRINTED.date())
    with pytest.raises(PermissionRefused):
        actions.adopt_in_issue(city.city_editor, [subs["pending"].pk], where)
    assert not Adoption.objects.filter(issue_id=issue.pk).exists()
