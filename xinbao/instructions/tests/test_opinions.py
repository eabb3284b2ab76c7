"""社情民意办理 on the CPPCC channel: the same 交办/答复/催办 machinery; the member rates each reply and an
unsatisfactory one goes back once."""

from __future__ import annotations

import datetime

import pytest

from xinbao.core.errors import DomainError, InvalidTransition, PermissionRefused
from xinbao.instructions import actions, queries
from xinbao.instructions.models import AssignmentState, FollowUpTrack, InstructionState
from xinbao.items import actions as item_actions
from xinbao.items.models import Submission
from xinbao.notify.models import Notification, Reminder
from xinbao.orgs import actions as org_actions


@pytest.fixture
def opinion(city):
    """A member's 社情民意, adopted by the city CPPCC office (the small city's city hub takes the channel)."""
    cppcc = city.channels["cppcc"]
    org_actions.set_unit_channel(None, city.city_hub, cppcc, is_hub=True)
    item = item_actions.create_draft(
        city.cppcc_member,
        category="opinion",
        title="农村寄递物流“最后一公里”不畅",
        body="建议整合邮政、供销网点，建设村级寄递物流综合服务站。",
        writer_name="委员",
        writer_phone="139",
    )
    item_actions.submit(city.cppcc_member, item, [cppcc])
    sub = Submission.objects.get(item=item, channel=cppcc)
    item_actions.adopt(city.city_editor, sub)
    sub.refresh_from_db()
    return sub


def test_handling_replies_ratings_and_one_send_back(city, opinion):
    due = datetime.date.today() + datetime.timedelta(days=15)
    case = actions.send_for_handling(
        city.city_editor,
        opinion,
        [city.city_dept, city.county_gov_hub],
        due_on=due,
        expectation="请研究办理并答复委员。",
    )
    assert case.track == FollowUpTrack.OPINION and case.hub_id == city.city_hub.pk
    assert Notification.objects.filter(recipient=city.cppcc_member, kind="instructions.opinion_sent").exists()
    dept = case.assignments.get(unit=city.city_dept)
    gov = case.assignments.get(unit=city.county_gov_hub)
    assert Reminder.objects.filter(key__startswith=f"instructions:a{dept.pk}:").count() == 6  # the same plan

    reply = actions.report(city.dept_officer, dept, "已将村级寄递服务站纳入明年民生实事。")
    assert Notification.objects.filter(recipient=city.cppcc_member, kind="instructions.opinion_reply").exists()
    with pytest.raises(DomainError, match="委员评价"):
        actions.review(city.city_editor, reply, "accepted")  # the office does not rate for the member
    with pytest.raises(PermissionRefused):
        actions.rate_reply(city.city_editor, reply, "satisfied")
    with pytest.raises(DomainError, match="不满意时请说明理由"):
        actions.rate_reply(city.cppcc_member, reply, "unsatisfied")
    actions.rate_reply(city.cppcc_member, reply, "unsatisfied", "没有时间表。")
    dept.refresh_from_db()
    assert dept.state == AssignmentState.ACCEPTED  # sent back once: the department replies again
    again = actions.report(city.dept_officer, dept, "计划明年6月前建成20个服务站。")
    actions.rate_reply(city.cppcc_member, again, "unsatisfied", "仍不满意。")
    dept.refresh_from_db()
    assert dept.state == AssignmentState.DONE  # a second 不满意 is recorded, not sent back again
    assert list(dept.feedback.values_list("rating", flat=True)) == ["unsatisfied", "unsatisfied"]
    with pytest.raises(InvalidTransition):
        actions.report(city.dept_officer, dept, "再补充")

    actions.rate_reply(city.cppcc_member, actions.report(city.county_gov_editor, gov, "已协调邮政公司。"), "basic")
    actions.close(city.city_editor, case, "两部门已答复，委员评价：不满意1件、基本满意1件。")
    case.refresh_from_db()
    assert case.state == InstructionState.CLOSED
    closed = Notification.objects.get(
        recipient=city.cppcc_member, kind="instructions.closed", url__startswith="/items/"
    )
    assert closed.text.startswith("您的社情民意《农村寄递物流“最后一公里”不畅》办理已办结")


def test_only_adopted_cppcc_opinions_of_the_own_office(city, opinion):
    due = datetime.date.today() + datetime.timedelta(days=5)
    with pytest.raises(PermissionRefused):
        actions.send_for_handling(city.county_editor, opinion, [city.city_dept], due_on=due, expectation="x")
    party_sub = Submission.objects.filter(channel__code="party").first()
    if party_sub is None:
        from xinbao.items.testing import make_submitted_item

        party_sub = make_submitted_item(city)
    with pytest.raises(DomainError, match="政协渠道已采用"):
        actions.send_for_handling(city.county_editor, party_sub, [city.township], due_on=due, expectation="x")


def test_the_member_follows_the_case_and_it_is_no_scoring_instruction(city, opinion, login):
    due = datetime.date.today() + datetime.timedelta(days=5)
    case = actions.send_for_handling(city.city_editor, opinion, [city.city_dept], due_on=due, expectation="请办理。")
    actions.report(city.dept_officer, case.assignments.get(), "已办理。")
    page = login(city.cppcc_member).get(f"/instructions/{case.pk}/").content.decode()
    assert "社情民意办理" in page and 'data-testid="rate-JZ-D01"' in page
    assert login(city.officer).get(f"/instructions/{case.pk}/").status_code == 404
    # the item page offers the CPPCC office the button, nobody else
    assert 'data-testid="send-opinion"' in login(city.city_editor).get(f"/items/{opinion.item_id}/").content.decode()
    assert not queries.instructions_between(datetime.date.min, datetime.date.max).exists()  # not a 批示
