"""The life of a 通报: the transition table, who may take each step, read receipts, inbox messages that
clear when their thing is done, and the audit trail."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, InvalidTransition, PermissionRefused
from xinbao.notify.models import Notification
from xinbao.scoring import notice_actions as actions
from xinbao.scoring.models import Notice, NoticeReceipt, NoticeState
from xinbao.scoring.notices import queries
from xinbao.scoring.periods import containing
from xinbao.scoring.states import NOTICE_TRANSITIONS, NoticeAction, notice_next

from .factories import adopt, example, make_item, rule_set

D = datetime.date
Q1 = containing("quarter", D(2026, 2, 1))
S = NoticeState
A = NoticeAction


@pytest.fixture
def notice(city, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    item = make_item(city.township, city.officer, D(2026, 1, 8), title="城关镇信息")
    adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)
    return actions.create_notice(city.county_editor, rs, Q1)


def unread(user, notice) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Notification.objects.filter(recipient=user, url=actions.notice_url(notice), read_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def published(city, notice) -> Notice:  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    actions.approve_notice(city.county_chief, notice)
    actions.publish_notice(city.county_editor, notice)
    notice.refresh_from_db()
    return notice


# --- The table ------------------------------------------------------------------------------------


@given(st.sampled_from(list(S)), st.sampled_from(list(A)))
def test_the_table_allows_only_what_it_lists(state, action):  # type: ignore[no-untyped-def]
    if action in NOTICE_TRANSITIONS[state]:
        assert notice_next(state, action) == NOTICE_TRANSITIONS[state][action]
    else:
        with pytest.raises(InvalidTransition) as refused:
            notice_next(state, action)
        # The refusal names the state and the action in Chinese, never a code.
        assert f"“{S(state).label}”" in refused.value.message and f"“{action.label}”" in refused.value.message


def test_published_is_reached_only_through_approval():  # type: ignore[no-untyped-def]
    """Walk the table: every path from a draft to published passes through approved."""
    into_published = {s for s, moves in NOTICE_TRANSITIONS.items() if S.PUBLISHED in moves.values()}
    assert into_published == {S.APPROVED}
    into_approved = {(s, a) for s, moves in NOTICE_TRANSITIONS.items() for a, t in moves.items() if t == S.APPROVED}
    assert into_approved == {(S.REVIEW, A.APPROVE)}


# --- The whole life, through the actions ---------------------------------------------------------------


def test_draft_edit_review_return_approve_publish_read_withdraw(notice, city):  # type: ignore[no-untyped-def]
    editor, chief, director = city.county_editor, city.county_chief, city.county_director
    assert notice.state == S.DRAFT
    actions.edit_notice(editor, notice, title=notice.title, lead="导语一段。", remarks="要求一条。")
    notice.refresh_from_db()
    assert (notice.lead, notice.remarks, notice.state) == ("导语一段。", "要求一条。", S.DRAFT)

    # Publishing needs the chief's approval first; editors cannot approve.
    with pytest.raises(InvalidTransition):
        actions.publish_notice(editor, notice)
    actions.submit_notice(editor, notice)
    assert unread(chief, notice) == ["scoring.notice_review"] == unread(director, notice)
    with pytest.raises(PermissionRefused):
        actions.approve_notice(editor, notice)
    with pytest.raises(InvalidTransition):  # under review the text is frozen
        actions.edit_notice(editor, notice, title="改标题")

    # Returned with a comment (required); both seniors' review messages clear; the editor is told.
    with pytest.raises(DomainError, match="退回时请填写修改意见"):
        actions.return_notice(chief, notice, "  ")
    actions.return_notice(chief, notice, "导语要写明总体评价。")
    notice.refresh_from_db()
    assert notice.state == S.RETURNED
    assert unread(chief, notice) == [] == unread(director, notice)
    assert unread(editor, notice) == ["scoring.notice_returned"]
    assert queries.last_comment(notice, A.RETURN).comment == "导语要写明总体评价。"

    # Revised and submitted again: the return message is done with.
    actions.edit_notice(editor, notice, title=notice.title, lead="一季度信息工作总体较好。")
    actions.submit_notice(editor, notice)
    assert unread(editor, notice) == []
    actions.approve_notice(director, notice, "同意。")
    assert unread(editor, notice) == ["scoring.notice_approved"]

    count = actions.publish_notice(editor, notice)
    notice.refresh_from_db()
    assert count == 2 and notice.state == S.PUBLISHED and notice.document
    assert unread(editor, notice) == []  # the approval message is done with
    assert set(NoticeReceipt.objects.filter(notice=notice).values_list("unit_id", flat=True)) == {
        city.township.pk,
        city.township2.pk,
    }
    assert unread(city.officer, notice) == ["scoring.notice"] == unread(city.signer, notice)
    assert unread(city.officer3, notice) == []  # another county's unit is not addressed

    steps = [(s.action, s.state) for s in queries.steps(notice)]
    assert steps == [
        (A.GENERATE, S.DRAFT),
        (A.EDIT, S.DRAFT),
        (A.SUBMIT, S.REVIEW),
        (A.RETURN, S.RETURNED),
        (A.EDIT, S.RETURNED),
        (A.SUBMIT, S.REVIEW),
        (A.APPROVE, S.APPROVED),
        (A.PUBLISH, S.PUBLISHED),
    ]

    # Withdrawn with a reason (required), by the chief; units are told why.
    with pytest.raises(PermissionRefused):
        actions.withdraw_notice(editor, notice, "数据有误")
    with pytest.raises(DomainError, match="请填写原因"):
        actions.withdraw_notice(chief, notice, "")
    actions.withdraw_notice(chief, notice, "新华镇得分计算有误，更正后重发。")
    notice.refresh_from_db()
    assert notice.state == S.WITHDRAWN
    assert unread(city.officer, notice) == ["scoring.notice_withdrawn"]  # the publication message cleared
    # Redrafted, corrected, published again: every unit has to read it anew.
    actions.redraft_notice(editor, notice)
    notice.refresh_from_db()
    published(city, notice)
    assert NoticeReceipt.objects.filter(notice=notice, read_at__isnull=True).count() == 2


def test_every_notice_action_writes_an_audit_row(notice, city):  # type: ignore[no-untyped-def]
    def rows() -> list[str]:
        return list(
            AuditRecord.objects.filter(action__contains="notice").order_by("id").values_list("action", flat=True)
        )

    assert rows() == ["scoring.create_notice"]
    actions.edit_notice(city.county_editor, notice, title="新标题")
    actions.regenerate_notice(city.county_editor, notice)
    actions.submit_notice(city.county_editor, notice)
    actions.recall_notice(city.county_editor, notice)
    actions.submit_notice(city.county_editor, notice)
    actions.return_notice(city.county_chief, notice, "改")
    actions.submit_notice(city.county_editor, notice)
    actions.approve_notice(city.county_chief, notice, publish=True)
    actions.mark_read(city.officer, notice)
    actions.withdraw_notice(city.county_director, notice, "错")
    actions.redraft_notice(city.county_editor, notice)
    assert rows() == [
        "scoring.create_notice",
        "scoring.edit_notice",
        "scoring.regenerate_notice",
        "scoring.submit_notice",
        "scoring.recall_notice",
        "scoring.submit_notice",
        "scoring.return_notice",
        "scoring.submit_notice",
        "scoring.approve_notice",
        "scoring.publish_notice",
        "scoring.mark_notice_read",
        "scoring.withdraw_notice",
        "scoring.redraft_notice",
    ]
    edit = AuditRecord.objects.get(action="scoring.edit_notice")
    assert edit.old_values == {"title": "关于2026年第1季度信息工作情况的通报"} and edit.new_values == {
        "title": "新标题"
    }


def test_an_edit_that_changes_nothing_writes_nothing(notice, city):  # type: ignore[no-untyped-def]
    actions.edit_notice(city.county_editor, notice, title=notice.title)
    assert not AuditRecord.objects.filter(action="scoring.edit_notice").exists()
    assert notice.steps.count() == 1


def test_bad_input_changes_nothing(notice, city):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="请填写通报标题"):
        actions.edit_notice(city.county_editor, notice, title="  ", lead="新导语")
    with pytest.raises(DomainError, match="不能超过3000个字"):
        actions.edit_notice(city.county_editor, notice, title="题", remarks="要" * 3001)
    notice.refresh_from_db()
    assert (notice.title, notice.lead, notice.remarks) == ("关于2026年第1季度信息工作情况的通报", "", "")


def test_a_published_or_reviewed_notice_is_not_regenerated(notice, city):  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    with pytest.raises(InvalidTransition, match="待审核"):
        actions.create_notice(city.county_editor, notice.rule_set, Q1)
    assert Notice.objects.count() == 1


def test_weeks_and_ranges_are_not_notice_periods(notice, city):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="按月、季度或年度"):
        actions.create_notice(city.county_editor, notice.rule_set, containing("week", D(2026, 2, 2)))


# --- Duties -----------------------------------------------------------------------------------------------

BUSINESS = [
    "officer",
    "signer",
    "officer3",
    "county_editor",
    "county_chief",
    "county_director",
    "county_leader",
    "city_editor",
]
ADMINS = ["sysadmin", "secadmin", "auditadmin"]


@pytest.mark.parametrize("who", ["officer", "signer", "county_leader", "city_editor", "officer3", *ADMINS])
def test_only_the_hubs_section_generates_edits_and_submits(notice, city, who):  # type: ignore[no-untyped-def]
    person = city.people[who]
    with pytest.raises(PermissionRefused):
        actions.create_notice(person, notice.rule_set, Q1)
    with pytest.raises(PermissionRefused):
        actions.edit_notice(person, notice, title="改")
    with pytest.raises(PermissionRefused):
        actions.submit_notice(person, notice)


@pytest.mark.parametrize("who", ["county_editor", "county_editor2", "officer", "county_leader", "city_chief", *ADMINS])
def test_only_the_hubs_chief_or_director_approves(notice, city, who):  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    with pytest.raises(PermissionRefused):
        actions.approve_notice(city.people[who], notice)
    with pytest.raises(PermissionRefused):
        actions.return_notice(city.people[who], notice, "改")
    notice.refresh_from_db()
    assert notice.state == S.REVIEW


@pytest.mark.parametrize("who", ["county_chief", "county_director"])
def test_chief_and_director_approve(notice, city, who):  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    actions.approve_notice(city.people[who], notice)
    notice.refresh_from_db()
    assert notice.state == S.APPROVED


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("county_editor", {A.REGENERATE, A.EDIT, A.SUBMIT}),
        ("county_chief", {A.REGENERATE, A.EDIT, A.SUBMIT}),  # the chief is staff of the section too
        ("officer", set()),
        ("county_leader", set()),
        ("sysadmin", set()),
    ],
)
def test_buttons_follow_the_duties(notice, city, who, allowed):  # type: ignore[no-untyped-def]
    assert set(queries.allowed_actions(city.people[who], notice)) == allowed


def test_chief_sees_the_decisions_under_review(notice, city):  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    assert set(queries.allowed_actions(city.county_chief, notice)) == {A.APPROVE, A.RETURN, A.RECALL}
    assert set(queries.allowed_actions(city.county_editor, notice)) == {A.RECALL}


# --- Who sees what ----------------------------------------------------------------------------------------


def test_a_unit_sees_only_published_notices_addressed_to_it(notice, city):  # type: ignore[no-untyped-def]
    def visible(who: str) -> bool:
        return queries.notices_for(city.people[who]).filter(pk=notice.pk).exists()

    assert [visible(w) for w in BUSINESS] == [False, False, False, True, True, True, False, False]
    published(city, notice)
    assert [visible(w) for w in BUSINESS] == [True, True, False, True, True, True, True, False]
    assert not any(visible(w) for w in ADMINS)


def test_admin_accounts_see_no_notices_even_in_an_assessed_unit(notice, city):  # type: ignore[no-untyped-def]
    from xinbao.orgs.models import UserRole

    published(city, notice)
    # An admin account registered in an addressed unit still reads no notices and gets no message.
    admin = city.sysadmin
    admin.unit = city.township
    admin.save()
    assert not queries.notices_for(admin).exists()
    assert not queries.unread_notices(admin).exists()
    assert not Notification.objects.filter(recipient=admin).exists()
    assert UserRole.objects.filter(user=admin).exists()


# --- Reading ----------------------------------------------------------------------------------------------


def test_first_reader_confirms_for_the_unit_and_the_inbox_clears(notice, city):  # type: ignore[no-untyped-def]
    published(city, notice)
    marks = actions.mark_read(city.officer, notice)
    assert marks.stamped and marks.messages
    receipt = NoticeReceipt.objects.get(notice=notice, unit=city.township)
    assert receipt.read_by == city.officer and receipt.read_at is not None
    assert unread(city.officer, notice) == []
    assert unread(city.signer, notice) == ["scoring.notice"]  # the colleague still has their own message
    # The colleague opens it: the unit's receipt stays the first reader's; their message clears.
    actions.mark_read(city.signer, notice)
    receipt.refresh_from_db()
    assert receipt.read_by == city.officer and unread(city.signer, notice) == []
    rows = AuditRecord.objects.filter(action="scoring.mark_notice_read").order_by("id")
    assert [r.new_values for r in rows] == [
        {"ids": [receipt.pk], "messages": [marks.messages[0]]},
        {"messages": [Notification.objects.get(recipient=city.signer, kind="scoring.notice").pk]},
    ]
    # Opening it again changes nothing and writes no audit row.
    actions.mark_read(city.officer, notice)
    assert rows.count() == 2


def test_a_stranger_cannot_mark_a_notice_read(notice, city):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionRefused):  # not yet published
        actions.mark_read(city.officer, notice)
    published(city, notice)
    for who in ("officer3", "city_editor", "sysadmin"):
        with pytest.raises(PermissionRefused):
            actions.mark_read(city.people[who], notice)
    assert not NoticeReceipt.objects.filter(notice=notice, read_at__isnull=False).exists()


def test_unread_notices_on_the_home_panel(notice, city):  # type: ignore[no-untyped-def]
    from xinbao.scoring.menu import my_score_panel

    published(city, notice)
    texts = [text for text, _url in my_score_panel(city.officer).rows]
    assert "有1份通报未读" in texts
    actions.mark_read(city.officer, notice)
    assert "有1份通报未读" not in [text for text, _url in my_score_panel(city.officer).rows]
