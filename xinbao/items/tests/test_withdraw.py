"""撤回: the writer's unit takes a submitted item back while no hub has decided on it."""

from __future__ import annotations

import json

import pytest

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import ConflictError, DomainError, InvalidTransition, PermissionRefused
from xinbao.items import actions, queries
from xinbao.items.models import Item, ItemState, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def _two_channel_item(city):
    """Submitted in the party and the government channel: one submission at each county hub."""
    item = actions.create_draft(
        city.officer, category="news", title="城关镇两渠道报送", body="正文。", writer_name="王", writer_phone="1"
    )
    actions.submit(city.officer, item, [city.channels["party"], city.channels["gov"]])
    subs = actions.sign_off(city.signer, item)
    party = next(s for s in subs if s.hub_id == city.county_hub.pk)
    gov = next(s for s in subs if s.hub_id == city.county_gov_hub.pk)
    return item, party, gov


def _states(item):
    item.refresh_from_db()
    return item.state, sorted(item.submissions.values_list("state", flat=True))


def test_author_withdraws_while_pending(city):
    item, party, gov = _two_channel_item(city)
    actions.withdraw(city.officer, item, "数据有误，需核实")
    assert _states(item) == (ItemState.WITHDRAWN, [SubmissionState.WITHDRAWN, SubmissionState.WITHDRAWN])
    party.refresh_from_db()
    assert party.reason == "数据有误，需核实"
    # Each hub's editors are told, with a link to their own submission.
    party_note = Notification.objects.get(recipient=city.county_editor, kind="items.withdrawn")
    assert "数据有误" in party_note.text and party_note.url == f"/items/s/{party.pk}/"
    assert Notification.objects.filter(recipient=city.county_gov_editor, kind="items.withdrawn").count() == 1
    row = AuditRecord.objects.get(action="items.withdraw", object_id=str(item.pk))
    assert row.actor == city.officer and row.new_values["reason"] == "数据有误，需核实"
    assert sorted(row.new_values["submissions"]) == sorted([party.pk, gov.pk])


def test_signer_withdraws_one_in_reserve(city):
    sub = make_submitted_item(city)
    actions.reserve(city.county_editor, sub)
    actions.withdraw(city.signer, sub.item, "领导要求暂缓")
    assert _states(sub.item) == (ItemState.WITHDRAWN, [SubmissionState.WITHDRAWN])


@pytest.mark.parametrize("decide", ["adopt", "return", "reject"])
def test_refused_after_a_decision_at_either_channel(city, decide):
    item, _party, gov = _two_channel_item(city)
    calls = {
        "adopt": lambda: actions.adopt(city.county_gov_editor, gov),
        "return": lambda: actions.return_submission(city.county_gov_editor, gov, "请补充数据"),
        "reject": lambda: actions.reject(city.county_gov_editor, gov, "不采用"),
    }
    calls[decide]()
    before = _states(item)
    with pytest.raises(ConflictError, match="不能再撤回"):
        actions.withdraw(city.officer, item, "理由")
    assert _states(item) == before
    assert not Notification.objects.filter(kind="items.withdrawn").exists()
    assert not AuditRecord.objects.filter(action="items.withdraw").exists()


def test_refused_after_forward(city):
    sub = make_submitted_item(city)
    actions.adopt(city.county_editor, sub)
    actions.forward(city.county_editor, sub)
    with pytest.raises(ConflictError, match="已采用"):
        actions.withdraw(city.officer, sub.item, "理由")


def test_refused_for_other_people(city):
    sub = make_submitted_item(city)
    for person in (city.officer2, city.signer2, city.county_editor, city.county_chief):
        with pytest.raises(PermissionRefused):
            actions.withdraw(person, sub.item, "理由")
    assert _states(sub.item) == (ItemState.SUBMITTED, [SubmissionState.PENDING])


def test_reason_required_and_drafts_refused(city):
    sub = make_submitted_item(city)
    with pytest.raises(DomainError, match="请填写理由"):
        actions.withdraw(city.officer, sub.item, "  ")
    assert _states(sub.item) == (ItemState.SUBMITTED, [SubmissionState.PENDING])
    draft = actions.create_draft(city.officer, category="news", title="草稿", body="x")
    with pytest.raises(InvalidTransition):
        actions.withdraw(city.officer, draft, "理由")


def test_hub_cannot_decide_a_withdrawn_submission(city):
    sub = make_submitted_item(city)
    revision = sub.revision
    actions.withdraw(city.officer, sub.item, "理由")
    with pytest.raises(ConflictError):  # a screening page opened before the withdrawal
        actions.adopt(city.county_editor, sub, revision=revision)
    with pytest.raises(InvalidTransition):
        actions.adopt(city.county_editor, sub)
    assert Submission.objects.get(pk=sub.pk).state == SubmissionState.WITHDRAWN


def test_queue_pending_count_drops(city):
    make_submitted_item(city, title="另一条")
    sub = make_submitted_item(city)
    counts = queries.queue_counts(city.county_editor)
    assert (counts[SubmissionState.PENDING], counts[SubmissionState.WITHDRAWN]) == (2, 0)
    actions.withdraw(city.officer, sub.item, "理由")
    counts = queries.queue_counts(city.county_editor)
    assert (counts[SubmissionState.PENDING], counts[SubmissionState.WITHDRAWN]) == (1, 1)
    pending = queries.screenable_submissions(city.county_editor, queries.QueueFilters(state="pending"))
    assert sub.pk not in {s.pk for s in pending}


def test_reopen_and_submit_again(city):
    sub = make_submitted_item(city)
    item = sub.item
    actions.withdraw(city.officer, item, "理由")
    with pytest.raises(PermissionRefused):
        actions.reopen(city.officer2, item)
    actions.reopen(city.officer, item)
    item.refresh_from_db()
    assert (item.state, item.signer, item.submitted_at) == (ItemState.DRAFT, None, None)
    actions.update_draft(city.officer, item, body="核实后的正文。")
    actions.submit(city.officer, item, [city.channels["party"]])
    new = actions.sign_off(city.signer, item)
    assert [s.state for s in new] == [SubmissionState.PENDING]
    # A new version was sent; the withdrawn submission and the text it received are kept.
    assert Submission.objects.get(pk=sub.pk).state == SubmissionState.WITHDRAWN
    assert item.versions.filter(submission__isnull=True, submitted=True).count() == 2


def test_withdraw_page_and_queue_tab(city, client, login):
    sub = make_submitted_item(city)
    login(city.officer)
    page = client.get(f"/items/{sub.item_id}/").content.decode()
    assert 'data-testid="withdraw"' in page and "data-confirm" in page
    client.post(f"/items/{sub.item_id}/withdraw/", {"reason": "需核实"})
    assert Item.objects.get(pk=sub.item_id).state == ItemState.WITHDRAWN
    page = client.get(f"/items/{sub.item_id}/").content.decode()
    assert 'data-testid="withdraw"' not in page and 'data-testid="reopen"' in page
    login(city.county_editor)
    queue = client.get("/items/queue/?state=withdrawn").content.decode()
    assert 'data-state="withdrawn"' in queue and sub.title in queue


def test_withdraw_refused_page_shows_message(city, client, login):
    sub = make_submitted_item(city)
    actions.adopt(city.county_editor, sub)
    login(city.signer)
    assert 'data-testid="withdraw"' not in client.get(f"/items/{sub.item_id}/").content.decode()
    response = client.post(f"/items/{sub.item_id}/withdraw/", {"reason": "需核实"}, follow=True)
    assert "不能再撤回" in response.content.decode()
    assert Item.objects.get(pk=sub.item_id).state == ItemState.SUBMITTED


def test_withdraw_through_the_api(city):
    from xinbao.items.tests.test_api import api, post

    sub = make_submitted_item(city)
    response = post(api(city.officer2), f"/api/items/items/{sub.item_id}/withdraw", {"reason": "x"})
    assert response.status_code in (403, 404)
    response = post(api(city.officer), f"/api/items/items/{sub.item_id}/withdraw", {"reason": "需核实"})
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["state"] == ItemState.WITHDRAWN
    response = post(api(city.officer), f"/api/items/items/{sub.item_id}/reopen")
    assert json.loads(response.content)["state"] == ItemState.DRAFT


def test_a_withdrawn_item_no_longer_counts_as_submitted(city) -> None:
    import datetime

    from django.utils import timezone

    submission = make_submitted_item(city, title="撤回后不计报送")
    today = timezone.localdate()
    window = (today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    assert submission.item_id in set(queries.submitted_items_between(*window).values_list("id", flat=True))
    actions.withdraw(city.officer, submission.item, reason="数据有误")
    assert submission.item_id not in set(queries.submitted_items_between(*window).values_list("id", flat=True))
