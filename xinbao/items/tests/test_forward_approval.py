"""转报 with the chief's approval, where the hub wants it: by default the editor forwards alone; once the
chief sets the rule, the editor asks (提请转报), and the chief or director approves (the item goes up) or
declines with a reason. Every step audited, the other side told, the wrong people refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import actions, queries
from xinbao.items.models import Submission
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def _adopted(city, title="清河县秋粮收购进度过半"):
    sub = make_submitted_item(city, title=title)
    actions.adopt(city.county_editor, sub)
    sub.refresh_from_db()
    return sub


def test_without_the_rule_the_editor_forwards_alone(city):
    sub = _adopted(city)
    upper = actions.forward(city.county_editor, sub)
    assert upper.hub == city.city_hub


def test_with_the_rule_the_editor_asks_and_the_chief_approves(city, login):
    actions.set_forward_approval(city.county_chief, city.county_hub, True)
    sub = _adopted(city)
    with pytest.raises(DomainError, match="须经科长审批"):
        actions.forward(city.county_editor, sub)
    assert "request_forward" in queries.submission_buttons(city.county_editor, sub)
    editor = login(city.county_editor)
    editor.post(f"/items/s/{sub.pk}/request_forward/")
    sub.refresh_from_db()
    assert sub.forward_requested_by == city.county_editor and sub.forwarded_at is None
    assert "forward_requested" in queries.submission_buttons(city.county_editor, sub)
    assert Notification.objects.filter(recipient=city.county_chief, kind="items.forward_requested").exists()
    assert list(queries.forward_requests(city.county_chief)) == [sub]
    assert not queries.forward_requests(city.county_editor).exists()
    # The chief's 转报 answers the request: the item goes up, recorded as an approval.
    chief = login(city.county_chief)
    assert "批准并转报上级" in chief.get(f"/items/s/{sub.pk}/").content.decode()
    chief.post(f"/items/s/{sub.pk}/forward/")
    upper = Submission.objects.get(parent=sub)
    assert upper.hub == city.city_hub
    sub.refresh_from_db()
    assert sub.forward_requested_at is None and sub.forwarded_at is not None
    actions_done = list(AuditRecord.objects.filter(object_id=str(sub.pk)).values_list("action", flat=True))
    assert "items.request_forward" in actions_done and "items.approve_forward" in actions_done
    assert Notification.objects.filter(recipient=city.county_editor, kind="items.forward_approved").exists()


def test_the_chief_declines_with_a_reason_and_the_editor_may_ask_again(city):
    actions.set_forward_approval(city.county_director, city.county_hub, True)
    sub = _adopted(city)
    actions.request_forward(city.county_editor, sub)
    with pytest.raises(DomainError, match="理由"):
        actions.decline_forward(city.county_chief, sub, "")
    actions.decline_forward(city.county_chief, sub, "属本县日常工作，不宜上报")
    sub.refresh_from_db()
    assert sub.forward_requested_at is None and sub.forwarded_at is None
    told = Notification.objects.get(recipient=city.county_editor, kind="items.forward_declined")
    assert "不宜上报" in told.text
    actions.request_forward(city.county_editor, sub)  # asked again after a better edit
    with pytest.raises(DomainError, match="已经提请"):
        actions.request_forward(city.county_editor, sub)


def test_only_seniors_set_the_rule_and_answer_requests(city):
    with pytest.raises(PermissionRefused):
        actions.set_forward_approval(city.county_editor, city.county_hub, True)
    with pytest.raises(PermissionRefused):
        actions.set_forward_approval(city.city_chief, city.county_hub, True)  # another hub's chief
    actions.set_forward_approval(city.county_chief, city.county_hub, True)
    sub = _adopted(city)
    actions.request_forward(city.county_editor, sub)
    with pytest.raises(PermissionRefused):
        actions.approve_forward(city.county_editor2, sub)
    with pytest.raises(PermissionRefused):
        actions.decline_forward(city.county_editor2, sub, "不同意")
    # Without the rule there is nothing to ask.
    actions.set_forward_approval(city.county_chief, city.county_hub, False)
    other = _adopted(city, title="清河县冬季供暖准备就绪")
    with pytest.raises(DomainError, match="无需审批"):
        actions.request_forward(city.county_editor, other)


def test_the_queue_shows_the_rule_and_the_requests_to_seniors_only(city, login):
    chief = login(city.county_chief)
    chief.post("/items/queue/forward-setting/", {"chief_approves": "1"})
    assert queries.chief_approves_forward(city.county_hub.pk)
    sub = _adopted(city)
    actions.request_forward(city.county_editor, sub)
    page = chief.get("/items/queue/").content.decode()
    assert "须经科长或主任审批" in page and f"forward-request-{sub.pk}" in page
    assert "forward-approval" not in login(city.county_editor).get("/items/queue/").content.decode()
    assert login(city.county_editor).post("/items/queue/forward-setting/", {"chief_approves": "0"}).status_code == 403


def test_the_waiting_list_on_the_queue_costs_the_same_queries_for_one_or_three(city, login):
    """The chief's queue names who asked for each 转报: joined in the query, not one look-up per row."""
    actions.set_forward_approval(city.county_chief, city.county_hub, True)
    actions.request_forward(city.county_editor, _adopted(city, "秋粮收购一"))
    chief = login(city.county_chief)
    with CaptureQueriesContext(connection) as one:
        assert "秋粮收购一" in chief.get("/items/queue/").content.decode()
    actions.request_forward(city.county_editor, _adopted(city, "秋粮收购二"))
    actions.request_forward(city.county_editor, _adopted(city, "秋粮收购三"))
    with CaptureQueriesContext(connection) as three:
        page = chief.get("/items/queue/").content.decode()
    assert "秋粮收购二" in page and "秋粮收购三" in page
    assert len(three) == len(one), [q["sql"] for q in three.captured_queries]


# --- 转报即采用: a per-hub setting (issue 13, pattern 7) ------------------------------------------------


def test_by_default_forwarding_a_pending_item_adopts_it_here_first(city, login):
    from xinbao.items.models import Adoption, SubmissionState

    sub = make_submitted_item(city)
    page = login(city.county_editor).get(f"/items/s/{sub.pk}/").content.decode()
    assert "采用并转报上级" in page
    upper = actions.forward(city.county_editor, sub)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ADOPTED and sub.forwarded_at is not None
    (adoption,) = Adoption.objects.filter(item=sub.item)
    assert adoption.adopter_id == city.county_hub.pk and adoption.submission_id == sub.pk
    assert upper.hub == city.city_hub and upper.state == SubmissionState.PENDING


def test_a_hub_that_does_not_count_forwarding_sends_the_item_up_without_an_adoption(city, login):
    from xinbao.items.models import Adoption, SubmissionState

    with pytest.raises(PermissionRefused):
        actions.set_forward_adopts(city.county_editor, city.county_hub, False)
    chief = login(city.county_chief)
    response = chief.post("/items/queue/forward-setting/", {"forward_adopts": "0"}, follow=True)
    assert "已设置：转报不计为本单位采用。" in response.content.decode()
    assert not queries.forward_adopts(city.county_hub.pk)
    assert AuditRecord.objects.filter(action="items.set_forward_adopts").count() == 1

    sub = make_submitted_item(city)
    actions.reserve(city.county_editor, sub)  # from 备用 as from 待处理
    page = login(city.county_editor).get(f"/items/s/{sub.pk}/").content.decode()
    assert "采用并转报上级" not in page and "转报上级" in page
    upper = actions.forward(city.county_editor, Submission.objects.get(pk=sub.pk))
    sub.refresh_from_db()
    assert sub.state == SubmissionState.FORWARDED and sub.forwarded_at is not None
    assert not Adoption.objects.filter(item=sub.item).exists()
    assert upper.hub == city.city_hub
    # One audit row for the forward, naming the new state; the writer sees 已转报.
    (row,) = AuditRecord.objects.filter(action="items.forward", object_id=str(sub.pk))
    assert row.new_values["state"] == "forwarded"
    assert queries.outcomes([sub.item_id]) == {sub.item_id: "已转报"}
    page = login(city.county_editor).get(f"/items/s/{sub.pk}/").content.decode()
    assert 'data-testid="forwarded-to"' in page and 'data-testid="external-adoption"' in page
    # What the province then adopts is recorded here as usual (系统外采用), though this hub never adopted it.
    upward = actions.record_external_adoption(
        city.county_editor,
        sub,
        adopter_name="江南省委办公厅",
        level="province",
        adopted_on=sub.forwarded_at.date(),
    )
    assert upward.forwarded and upward.external
    upward.delete()
    # Nothing else can be decided on it here, but a later 采用 (e.g. printed after all) is allowed.
    with pytest.raises(DomainError):
        actions.reject(city.county_editor, Submission.objects.get(pk=sub.pk), "不用")
    actions.adopt(city.county_editor, Submission.objects.get(pk=sub.pk))
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ADOPTED and Adoption.objects.filter(item=sub.item).count() == 1


def test_with_approval_an_editor_may_ask_to_forward_a_pending_item(city):
    from xinbao.items.models import SubmissionState

    actions.set_forward_approval(city.county_chief, city.county_hub, True)
    actions.set_forward_adopts(city.county_chief, city.county_hub, False)
    sub = make_submitted_item(city)
    actions.request_forward(city.county_editor, sub)
    upper = actions.approve_forward(city.county_chief, Submission.objects.get(pk=sub.pk))
    sub.refresh_from_db()
    assert sub.state == SubmissionState.FORWARDED and upper.parent_id == sub.pk
