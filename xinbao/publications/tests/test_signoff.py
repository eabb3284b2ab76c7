import pytest

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, InvalidTransition, PermissionRefused
from xinbao.items.models import ItemVersion
from xinbao.notify.models import Notification
from xinbao.publications import actions, queries
from xinbao.publications.models import IssueState

from .factories import composed, periodical, sign_off, submitted


def test_editor_submits_chief_reviews_director_signs(city):
    issue = composed(city, periodical(city), ["一", "二"])
    actions.submit_issue(city.county_editor, issue)
    assert list(queries.awaiting_signoff(city.county_chief)) == [issue]
    assert not queries.awaiting_signoff(city.county_director).exists()
    actions.review_issue(city.county_chief, issue, approve=True)
    assert list(queries.awaiting_signoff(city.county_director)) == [issue]
    assert Notification.objects.filter(recipient=city.county_director, kind="publications.sign").exists()
    signed = actions.sign_issue(city.county_director, issue)
    assert signed.state == IssueState.SIGNED and signed.signed_by == city.county_director
    assert [s.action for s in signed.steps.all()] == ["create", "submit", "approve", "sign"]
    assert AuditRecord.objects.filter(action="publications.sign_issue", object_id=str(issue.pk)).exists()


def test_chief_returns_with_comments_and_editor_resubmits(city):
    issue = composed(city, periodical(city), ["一"])
    actions.submit_issue(city.county_editor, issue)
    with pytest.raises(DomainError, match="修改意见"):
        actions.review_issue(city.county_chief, issue, approve=False, comment=" ")
    actions.review_issue(city.county_chief, issue, approve=False, comment="第一条标题太长")
    issue.refresh_from_db()
    assert issue.state == IssueState.RETURNED
    assert issue.steps.get(action="return").comment == "第一条标题太长"
    note = Notification.objects.get(recipient=city.county_editor, kind="publications.returned")
    assert "第一条标题太长" in note.text
    actions.submit_issue(city.county_editor, issue)
    issue.refresh_from_db()
    assert issue.state == IssueState.REVIEW


def test_director_may_return_too(city):
    issue = composed(city, periodical(city), ["一"])
    actions.submit_issue(city.county_editor, issue)
    actions.review_issue(city.county_chief, issue, approve=True)
    actions.sign_issue(city.county_director, issue, approve=False, comment="请补充数据")
    issue.refresh_from_db()
    assert issue.state == IssueState.RETURNED and issue.number is None


def test_roles_are_enforced(city):
    issue = composed(city, periodical(city), ["一"])
    with pytest.raises(PermissionRefused):
        actions.submit_issue(city.city_editor, issue)  # another hub
    actions.submit_issue(city.county_editor, issue)
    with pytest.raises(PermissionRefused):
        actions.review_issue(city.county_editor, issue, approve=True)
    actions.review_issue(city.county_chief, issue, approve=True)
    with pytest.raises(PermissionRefused):
        actions.sign_issue(city.county_chief, issue)
    with pytest.raises(InvalidTransition):
        actions.review_issue(city.county_chief, issue, approve=True)  # already reviewed


def test_cannot_skip_review(city):
    issue = composed(city, periodical(city), ["一"])
    actions.submit_issue(city.county_editor, issue)
    with pytest.raises(InvalidTransition):
        actions.sign_issue(city.county_director, issue)


def test_empty_issue_cannot_be_submitted(city):
    issue = actions.create_issue(city.county_editor, periodical(city))
    with pytest.raises(DomainError, match="没有编入"):
        actions.submit_issue(city.county_editor, issue)


def test_signed_issue_is_frozen_and_keeps_the_signed_text(city):
    issue = sign_off(city, composed(city, periodical(city), ["原标题"]))
    entry = issue.entries.get()
    assert entry.title == "原标题"
    with pytest.raises(DomainError, match="更正期"):
        actions.edit_entry(city.county_editor, entry, title="新标题", body="新正文", editor_note="")
    with pytest.raises(DomainError):
        actions.add_entry(city.county_editor, issue, submitted(city, "晚到的信息"))
    # The item's own text may change later at the hub; the signed issue shows what was signed.
    from xinbao.items import actions as items_actions

    items_actions.edit_submission(city.county_editor, entry.submission, "改后的标题", "改后的正文")
    assert queries.entries_for_display(issue)[0][1] == "原标题"


def test_correction_is_a_new_issue_referencing_the_signed_one(city):
    paper = periodical(city)
    signed = sign_off(city, composed(city, paper, ["有错的信息"]))
    correction = actions.create_issue(city.county_editor, paper, corrects=signed)
    actions.update_issue(city.county_editor, correction, editor_note="本刊第1期《有错的信息》中“3亿元”应为“3000万元”。")
    correction = sign_off(city, correction)
    assert correction.corrects == signed and correction.number == 2
    draft = actions.create_issue(city.county_editor, paper)
    with pytest.raises(DomainError, match="已签发"):
        actions.create_issue(city.county_editor, paper, corrects=draft)


def test_editing_an_entry_makes_a_hub_version_and_keeps_the_original(city):
    issue = composed(city, periodical(city), ["原标题"])
    entry = issue.entries.get()
    actions.edit_entry(city.county_editor, entry, title="编辑后的标题", body="编辑后的正文。", editor_note="值得关注。")
    versions = ItemVersion.objects.filter(item=entry.submission.item).order_by("number")
    assert [v.title for v in versions] == ["原标题", "编辑后的标题"]
    entry.refresh_from_db()
    assert entry.editor_note == "值得关注。"
    assert queries.entries_for_display(issue)[0][1:] == ("编辑后的标题", "编辑后的正文。")


def test_order_up_and_down(city):
    issue = composed(city, periodical(city), ["甲", "乙", "丙"])
    rows = list(queries.entries(issue))
    actions.move_entry(city.county_editor, rows[2], "up")
    assert [e.submission.title for e in queries.entries(issue)] == ["甲", "丙", "乙"]
    actions.move_entry(city.county_editor, rows[0], "down")
    assert [e.submission.title for e in queries.entries(issue)] == ["丙", "甲", "乙"]
    actions.move_entry(city.county_editor, rows[0], "down")
    actions.move_entry(city.county_editor, rows[0], "down")  # already last: nothing changes
    assert [e.submission.title for e in queries.entries(issue)] == ["丙", "乙", "甲"]
    actions.remove_entry(city.county_editor, queries.entries(issue)[1])
    assert [(e.position, e.submission.title) for e in queries.entries(issue)] == [(1, "丙"), (2, "甲")]


def test_only_own_hub_submissions_in_usable_states(city):
    issue = composed(city, periodical(city), [])
    sub = submitted(city, "甲")
    actions.add_entry(city.county_editor, issue, sub)
    with pytest.raises(DomainError, match="已在本期"):
        actions.add_entry(city.county_editor, issue, sub)
    from xinbao.items import actions as items_actions

    rejected = submitted(city, "乙")
    items_actions.reject(city.county_editor, rejected, "不符合要求")
    rejected.refresh_from_db()
    with pytest.raises(DomainError, match="不能编入"):
        actions.add_entry(city.county_editor, issue, rejected)


def test_adopt_while_adding_takes_the_decision_once(city):
    from xinbao.items.models import Adoption, SubmissionState

    paper = periodical(city)
    issue = composed(city, paper, [])
    sub = submitted(city, "当场采用")
    actions.add_entry(city.county_editor, issue, sub, adopt_now=True)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ADOPTED
    assert Adoption.objects.filter(item=sub.item).count() == 1
    sign_off(city, issue)
    actions.publish_issue(city.county_editor, issue)
    adoption = Adoption.objects.get(item=sub.item)  # the decision's adoption, now with the issue
    assert adoption.issue_id == issue.pk and adoption.periodical_id == paper.pk


def test_an_item_is_not_printed_twice_in_the_same_periodical(city):
    paper = periodical(city)
    first = composed(city, paper, ["甲"])
    sub = first.entries.get().submission
    second = actions.create_issue(city.county_editor, paper)
    with pytest.raises(DomainError, match="不重复刊登"):
        actions.add_entry(city.county_editor, second, sub)
    actions.delete_issue(city.county_editor, first)
    actions.add_entry(city.county_editor, second, sub)  # the deleted draft no longer holds it
    other_paper = periodical(city, name="每日要情")
    actions.add_entry(city.county_editor, actions.create_issue(city.county_editor, other_paper), sub)


def test_an_item_rejected_in_the_queue_after_being_added_blocks_submission(city):
    from xinbao.items import actions as items_actions

    issue = composed(city, periodical(city), ["甲", "乙"])
    entry = issue.entries.get(position=2)
    items_actions.reject(city.county_editor2, entry.submission, "与上周重复")
    with pytest.raises(DomainError, match="《乙》（不采用）"):
        actions.submit_issue(city.county_editor, issue)
    actions.remove_entry(city.county_editor, entry)
    actions.submit_issue(city.county_editor, issue)
