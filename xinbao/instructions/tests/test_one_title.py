"""One item, one title (issue 10 point 4): a 批示's messages, pages and the 落实 ledger name the item by the
title items.titles gives (here: the hub's adopted title, not the writer's draft title), through the read
policy; the e-mail copy carries the public title only."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse

from xinbao.instructions import actions, stats
from xinbao.items import actions as items_actions
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Delivery, Notification
from xinbao.orgs.models import User

WRITERS = "山塘排查初稿"
ADOPTED = "城关镇汛前排查山塘隐患12处"


def _adopted(city, **fields):
    """An item the county hub adopted under its own title (the writer's stays "山塘排查初稿")."""
    sub = make_submitted_item(city, title=WRITERS, **fields)
    items_actions.edit_submission(city.county_editor, sub, title=ADOPTED, body="正文。")
    items_actions.adopt(city.county_editor, sub)
    return sub.item


def _record(city, item):
    return actions.record_instruction(
        city.county_editor, text="请汛前整改。", item=item, leader_name="王县长", leader_level="county"
    )


def _texts(person, kind):
    return list(Notification.objects.filter(recipient=person, kind=kind).values_list("text", flat=True))


def test_messages_name_the_item_by_its_adopted_title(city):
    ins = _record(city, _adopted(city))
    (recorded,) = _texts(city.officer, "instructions.recorded")
    assert ADOPTED in recorded and WRITERS not in recorded
    due = datetime.date.today() + datetime.timedelta(days=5)
    (assignment,) = actions.assign(city.county_editor, ins, [city.township2], due_on=due)
    # the follow-up messages name the case with the item: "王县长对《…》的批示"
    (assigned,) = _texts(city.officer2, "instructions.assigned")
    assert f"王县长对《{ADOPTED}》的批示交由本单位办理" in assigned
    actions.report(city.officer2, assignment, "已整改。")
    (reported,) = _texts(city.county_editor, "instructions.reported")
    assert ADOPTED in reported and WRITERS not in reported


def test_a_whole_issue_instruction_is_named_without_an_item(city):
    """No item to name: the message says "王县长批示" (the old wording)."""
    from xinbao.publications import actions as pub_actions
    from xinbao.publications.tests.factories import periodical, sign_off

    sub = make_submitted_item(city, title=WRITERS)
    items_actions.adopt(city.county_editor, sub)
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    pub_actions.add_entry(city.county_editor, issue, sub)
    sign_off(city, issue)
    ins = actions.record_instruction(
        city.county_editor, text="请各地借鉴。", issue_id=issue.pk, leader_name="王县长", leader_level="county"
    )
    due = datetime.date.today() + datetime.timedelta(days=5)
    actions.assign(city.county_editor, ins, [city.township2], due_on=due)
    (assigned,) = _texts(city.officer2, "instructions.assigned")
    assert assigned.startswith("王县长批示交由本单位办理")


@pytest.fixture
def mail(settings, city):
    settings.EMAIL_HOST = "127.0.0.1"
    for person in (city.officer, city.officer2):
        User.objects.filter(pk=person.pk).update(email=f"{person.username}@qh.example")
        person.refresh_from_db()


def _mails(person, kind):
    return list(Delivery.objects.filter(channel="email", recipient=person, kind=kind).values_list("text", flat=True))


def test_the_email_copy_of_follow_up_messages_names_the_item_by_its_public_title(city, mail):
    ins = _record(city, _adopted(city))
    due = datetime.date.today() + datetime.timedelta(days=5)
    actions.assign(city.county_editor, ins, [city.township2], due_on=due)
    (inbox,) = _texts(city.officer2, "instructions.assigned")
    (email,) = _mails(city.officer2, "instructions.assigned")
    assert ADOPTED in inbox and ADOPTED in email


def test_the_email_copy_never_carries_a_sensitive_title(city, mail):
    ins = _record(city, _adopted(city, classification="secret"))
    (email,) = _mails(city.officer, "instructions.recorded")
    assert ADOPTED not in email and "〔涉密信息〕" in email
    assert ADOPTED in _texts(city.officer, "instructions.recorded")[0]  # the writer reads their own item
    due = datetime.date.today() + datetime.timedelta(days=5)
    actions.assign(city.county_editor, ins, [city.township2], due_on=due)
    (email,) = _mails(city.officer2, "instructions.assigned")
    assert ADOPTED not in email and "〔涉密信息〕" in email


def test_the_pages_and_lists_show_the_adopted_title(city, login):
    item = _adopted(city)
    ins = _record(city, item)
    hub = login(city.county_editor)
    for url in (
        reverse("instructions:index"),
        reverse("instructions:detail", args=[ins.pk]),
        reverse("instructions:for_item", args=[item.pk]),
        reverse("instructions:new") + f"?item={item.pk}",
    ):
        page = hub.get(url).content.decode()
        assert f"《{ADOPTED}》" in page, url
        assert WRITERS not in page, url


def test_the_year_end_ledger_names_the_item_by_its_adopted_title(city):
    ins = _record(city, _adopted(city))
    content = stats.review_docx(stats.year_stats(city.county_hub.pk, ins.instructed_on.year), "清河县委办")
    cells = [
        cell.text for table in docx.Document(io.BytesIO(content)).tables for row in table.rows for cell in row.cells
    ]
    assert any(f"《{ADOPTED}》" in text for text in cells)
    assert not any(WRITERS in text for text in cells)
