"""The one mark-read rule (notify.receipts): stamp only the unread, clear the reader's messages about the
thing read, one audit row per click that changed something, none for a click that changed nothing."""

from __future__ import annotations

from xinbao.audit.models import AuditRecord
from xinbao.notify import receipts
from xinbao.notify.actions import notify
from xinbao.notify.models import Notification


def _rows(action: str) -> list[dict]:  # type: ignore[type-arg]
    return list(AuditRecord.objects.filter(action=action).order_by("id").values_list("new_values", flat=True))


def test_rows_and_messages_are_marked_once_and_audited_once(city):
    about = notify([city.officer, city.signer], "test.thing", "请阅读", "/things/1/")
    other = notify([city.officer], "test.thing", "别的", "/things/2/")[0]
    # The officer's own messages stand in for any receipt rows (they have read_at too).
    mine = Notification.objects.filter(recipient=city.officer, url="/things/1/")
    marks = receipts.mark_read(city.officer, action="test.read", rows=mine, urls=["/things/1/"], target=city.township)
    officer_message = about[0].pk
    assert marks.stamped == [officer_message] and marks.messages == []  # stamped as a row first
    assert _rows("test.read") == [{"ids": [officer_message]}]
    # Again: nothing unread, nothing written.
    marks = receipts.mark_read(city.officer, action="test.read", rows=mine, urls=["/things/1/"], target=city.township)
    assert not marks.changed and len(_rows("test.read")) == 1
    # Only the reader's messages, only those about the thing read.
    other.refresh_from_db()
    assert other.read_at is None
    assert Notification.objects.get(recipient=city.signer).read_at is None


def test_messages_alone_and_rows_created_by_the_caller(city):
    notify([city.officer], "test.thing", "请阅读", "/things/1/")
    marks = receipts.mark_read(city.officer, action="test.read", urls=["/things/1/"], target=city.township)
    assert marks.stamped == [] and len(marks.messages) == 1
    assert _rows("test.read") == [{"messages": marks.messages}]
    # A model with one row per reader (a leader's 阅 of an issue): the caller's new row counts.
    marks = receipts.mark_read(city.officer, action="test.read", created=[42], target=city.township)
    assert marks.stamped == [42] and _rows("test.read")[-1] == {"ids": [42]}


def test_clear_messages_for_everybody_asked(city):
    notify([city.county_chief, city.county_director], "test.review", "待审核", "/things/1/")
    notify([city.county_chief], "test.other", "别的类别", "/things/1/")
    cleared = receipts.clear_messages(["/things/1/"], kinds=["test.review"])
    assert len(cleared) == 2
    left = Notification.objects.filter(read_at__isnull=True).values_list("kind", flat=True)
    assert list(left) == ["test.other"]
    assert receipts.clear_messages([""]) == []
