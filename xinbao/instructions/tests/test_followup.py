"""The 信息决策循环: 批示 → 交办 → 受理 → 落实反馈 (rounds) → 办结, with deadlines and extensions."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, InvalidTransition, PermissionRefused
from xinbao.instructions import actions, queries
from xinbao.instructions.models import AssignmentState, ExtensionState, InstructionState
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification, Reminder
from xinbao.notify.reminders import send_due

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday, 10:00 in the office's time zone


def at(day: int, hour: int = 10) -> datetime.datetime:
    """2026-03-<day> at <hour>:00 local."""
    return datetime.datetime(2026, 3, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _record(city, **kw):
    sub = make_submitted_item(city, title="城关镇山塘隐患排查")
    ins = actions.record_instruction(
        city.county_editor,
        text="请水利局和各乡镇汛前完成整改。",
        item=sub.item,
        leader_name="王县长",
        leader_level="county",
        kind="action",
        **kw,
    )
    return sub.item, ins


def test_the_full_loop_with_two_units_and_rounds(city, media):
    with time_machine.travel(MONDAY, tick=False):
        item, ins = _record(city, scan=SimpleUploadedFile("批示原件.pdf", b"%PDF-1.4\n"))
        assert ins.hub_id == city.county_hub.pk and ins.state == InstructionState.RECORDED
        assert ins.scan_name == "批示原件.pdf"
        # the writer and the unit's signer are told of the 批示
        assert Notification.objects.filter(recipient=city.officer, kind="instructions.recorded").exists()
        assert Notification.objects.filter(recipient=city.signer, kind="instructions.recorded").exists()

        a1, a2 = actions.assign(
            city.county_editor,
            ins,
            [city.township, city.township2],
            due_on=datetime.date(2026, 3, 10),
            expectation="排查全部山塘，报送整改清单。",
        )
        ins.refresh_from_db()
        assert ins.state == InstructionState.ASSIGNED
        assert Notification.objects.filter(recipient=city.officer2, kind="instructions.assigned").exists()

        actions.accept(city.signer, a1)
        first = actions.report(city.officer, a1, "已排查12座山塘，3座需整改。")
        # the hub asks for more: the unit reports a second round
        actions.review(city.county_chief, first, "more", "请补充整改完成时间。")
        a1.refresh_from_db()
        assert a1.state == AssignmentState.ACCEPTED
        second = actions.report(city.officer, a1, "3座山塘已于3月8日整改完毕。")
        assert second.number == 2
        actions.review(city.county_editor, second, "accepted")
        # 新华镇 reports without a separate 受理 (accepting is implied)
        only = actions.report(city.officer2, a2, "辖区无隐患山塘。")
        with pytest.raises(DomainError, match="尚未落实"):
            actions.close(city.county_editor, ins, "全部落实。")
        actions.review(city.county_editor, only, "accepted")
        a1.refresh_from_db()
        a2.refresh_from_db()
        assert a1.state == a2.state == AssignmentState.DONE

        actions.close(city.county_editor, ins, "两镇15座山塘全部排查，3座整改完毕。")
        ins.refresh_from_db()
        assert ins.state == InstructionState.CLOSED and ins.closed_by == city.county_editor
    outcome = Notification.objects.get(recipient=city.officer, kind="instructions.closed", url=f"/items/{item.pk}/")
    assert "城关镇山塘隐患排查" in outcome.text and "3座整改完毕" in outcome.text
    assert Notification.objects.filter(recipient=city.officer2, kind="instructions.closed").exists()
    # every step is audited
    codes = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "instructions.record",
        "instructions.assign",
        "instructions.accept",
        "instructions.report",
        "instructions.review",
        "instructions.close",
    } <= codes
    # nothing is chased once the units answered
    assert not Reminder.objects.filter(key__startswith="instructions:", sent_at__isnull=True, cancelled_at__isnull=True)


def test_asking_for_more_needs_a_reason_and_a_round_is_reviewed_once(city):
    _item, ins = _record(city)
    (a1,) = actions.assign(
        city.county_editor, ins, [city.township], due_on=datetime.date.today() + datetime.timedelta(days=5)
    )
    round1 = actions.report(city.officer, a1, "已部署。")
    with pytest.raises(DomainError, match="说明还需反馈什么"):
        actions.review(city.county_editor, round1, "more", "  ")
    actions.review(city.county_editor, round1, "accepted")
    with pytest.raises(DomainError, match="已审核过"):
        actions.review(city.county_editor, round1, "more", "再补充")
    # a finished assignment takes no more reports
    with pytest.raises(InvalidTransition, match="当前状态“已落实”下不能执行“反馈落实情况”"):
        actions.report(city.officer, a1, "补充")


def test_who_may_do_what(city):
    _item, ins = _record(city)
    with pytest.raises(PermissionRefused):
        actions.assign(city.county2_editor, ins, [city.township], due_on=datetime.date.today())
    with pytest.raises(PermissionRefused):
        actions.assign(city.officer, ins, [city.township], due_on=datetime.date.today())
    (a1,) = actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date.today())
    with pytest.raises(PermissionRefused):
        actions.report(city.officer2, a1, "不是我们单位的")
    with pytest.raises(PermissionRefused):
        actions.accept(city.county_editor, a1)  # the hub does not accept for the unit
    round1 = actions.report(city.officer, a1, "已落实")
    with pytest.raises(PermissionRefused):
        actions.review(city.officer, round1, "accepted")  # a unit does not approve its own report
    with pytest.raises(PermissionRefused):
        actions.close(city.signer, ins, "办结")


def test_assigning_twice_to_a_unit_or_into_the_past_is_refused(city):
    _item, ins = _record(city)
    with pytest.raises(DomainError, match="不能早于今天"):
        actions.assign(
            city.county_editor, ins, [city.township], due_on=datetime.date.today() - datetime.timedelta(days=1)
        )
    actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date.today())
    with pytest.raises(DomainError, match="已在承办"):
        actions.assign(city.county_editor, ins, [city.township, city.township2], due_on=datetime.date.today())
    assert ins.assignments.count() == 1  # the refusal changed nothing


def test_extension_before_the_due_date_is_approved_and_after_it_refused(city):
    with time_machine.travel(MONDAY, tick=False):
        _item, ins = _record(city)
        a1, a2 = actions.assign(
            city.county_editor, ins, [city.township, city.township2], due_on=datetime.date(2026, 3, 6)
        )
    # on the due day itself (Friday 6 March) asking is still in time
    with time_machine.travel(at(6, 17), tick=False):
        ext = actions.request_extension(city.officer, a1, datetime.date(2026, 3, 13), "需等待水利局复核。")
        with pytest.raises(DomainError, match="已有一份延期申请"):
            actions.request_extension(city.officer, a1, datetime.date(2026, 3, 14), "再延一天")
        with pytest.raises(PermissionRefused, match="科长或办公室主任"):
            actions.decide_extension(city.county_editor, ext, approve=True)
    # the chief approves on Saturday, after the old date: the request came in time
    with time_machine.travel(at(7), tick=False):
        actions.decide_extension(city.county_chief, ext, approve=True)
        a1.refresh_from_db()
        assert a1.due_on == datetime.date(2026, 3, 13) and a1.first_due_on == datetime.date(2026, 3, 6)
        ext.refresh_from_db()
        assert ext.state == ExtensionState.APPROVED
        # 新华镇 asks a day late: refused, nothing recorded
        with pytest.raises(DomainError, match="办理期限已过，不能再申请延期"):
            actions.request_extension(city.officer2, a2, datetime.date(2026, 3, 20), "来不及")
        assert not a2.extensions.exists()
        with pytest.raises(DomainError, match="须晚于现在的期限"):
            actions.request_extension(city.officer, a1, datetime.date(2026, 3, 12), "提前？")


def _sent(now: datetime.datetime) -> list[tuple[str, list[int]]]:
    with time_machine.travel(now, tick=False):
        send_due()
    return sorted((r.key.rsplit(":", 1)[1], r.sent_to) for r in Reminder.objects.filter(sent_at__isnull=False))


def test_reminders_fire_once_each_at_the_right_times_and_escalate(city):
    with time_machine.travel(MONDAY, tick=False):
        _item, ins = _record(city)
        (_a1,) = actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date(2026, 3, 10))
    township = sorted([city.officer.pk, city.signer.pk])
    # due on Tuesday 10 March: 即将到期 on 7 March 09:00 (D−3), not a minute before
    assert _sent(at(7, 8)) == []
    assert _sent(at(7, 9)) == [("soon3", township)]
    assert _sent(at(7, 12)) == [("soon3", township)]  # sent once, even if the worker runs again
    assert _sent(at(10, 9)) == [("soon0", township), ("soon3", township)]
    # 催办 on D+1; on D+3 again to the unit and up to the chief; on D+7 to the director
    assert [k for k, _ in _sent(at(11, 9))] == ["chase1", "soon0", "soon3"]
    got = dict(_sent(at(13, 9)))
    assert got["chase3"] == township and got["up3"] == [city.county_chief.pk]
    got = dict(_sent(at(17, 9)))
    assert got["top7"] == [city.county_director.pk]
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 6  # soon3, soon0, chase1, chase3, up3, top7
    notes = Notification.objects.filter(recipient=city.county_chief, kind="instructions.escalated")
    assert notes.count() == 1 and "逾期3天未反馈（2026-03-10到期）" in notes.get().text


def test_an_answer_stops_the_chasing_and_an_extension_moves_it(city):
    with time_machine.travel(MONDAY, tick=False):
        _item, ins = _record(city)
        a1, a2 = actions.assign(
            city.county_editor, ins, [city.township, city.township2], due_on=datetime.date(2026, 3, 10)
        )
        actions.report(city.officer, a1, "已完成。")  # 城关镇 answers at once
        ext = actions.request_extension(city.officer2, a2, datetime.date(2026, 3, 20), "需要更多时间")
        actions.decide_extension(city.county_chief, ext, approve=True)
    with time_machine.travel(at(12, 9), tick=False):
        send_due()
    sent = Reminder.objects.filter(sent_at__isnull=False)
    assert not sent.exists()  # nobody chased: one answered, the other's deadline moved to the 20th
    with time_machine.travel(at(17, 9), tick=False):
        send_due()
    assert list(Reminder.objects.filter(sent_at__isnull=False).values_list("key", flat=True)) == [
        f"instructions:a{a2.pk}:20260320:soon3"
    ]


def test_overdue_and_due_soon_lists_for_the_hub_and_for_a_unit(city):
    with time_machine.travel(MONDAY, tick=False):
        _item, ins = _record(city)
        a1, a2 = actions.assign(
            city.county_editor, ins, [city.township, city.township2], due_on=datetime.date(2026, 3, 5)
        )
        _item2, ins2 = _record(city)
        (a3,) = actions.assign(city.county_editor, ins2, [city.township], due_on=datetime.date(2026, 3, 12))
        actions.report(city.officer2, a2, "已完成")
    with time_machine.travel(at(10), tick=False):
        hub = queries.due_lists(city.county_editor, "hub")
        # 5 March has passed for 城关镇 (新华镇 answered: it waits for review); the 12th is within 3 days
        assert hub.overdue == [a1] and hub.due_soon == [a3] and hub.waiting_review == [a2]
        unit = queries.due_lists(city.officer2, "unit")
        assert unit.overdue == [] and unit.waiting_review == [a2]
        assert queries.due_lists(city.county2_editor, "hub").overdue == []  # another county's hub
        assert queries.due_lists(city.auditadmin, "hub").overdue == []


def test_the_scan_is_served_to_the_hub_only(city, login, media):
    _item, ins = _record(city, scan=SimpleUploadedFile("原件.pdf", b"%PDF-1.4\n"))
    actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date.today())
    url = f"/instructions/{ins.pk}/scan/"
    assert login(city.county_chief).get(url).status_code == 200
    assert login(city.officer).get(url).status_code == 404  # the assignee works from the text
    assert login(city.officer).get(f"/instructions/{ins.pk}/").status_code == 200
    assert login(city.officer3).get(f"/instructions/{ins.pk}/").status_code == 404


def test_a_scan_of_the_wrong_kind_is_refused(city, media):
    with pytest.raises(DomainError, match="原件扫描件须为"):
        _record(city, scan=SimpleUploadedFile("原件.exe", b"MZ"))


def test_hub_staff_record_only_their_level_or_the_one_above_with_the_original(city):
    """The county office records a county leader's 批示 (its own level), a city leader's only with the
    scan (the level above), never a provincial leader's; an editor's record waits for the chief."""
    item = make_submitted_item(city, title="代登记").item
    own = actions.record_instruction(
        city.county_editor, item=item, text="阅。", leader_name="王县长", leader_level="county"
    )
    assert own.confirmed_at is None
    with pytest.raises(DomainError, match="原件扫描件"):
        actions.record_instruction(
            city.county_editor, item=item, text="阅。", leader_name="李市长", leader_level="city"
        )
    with pytest.raises(DomainError, match="本级或上一级"):
        actions.record_instruction(
            city.county_editor,
            item=item,
            text="阅。",
            leader_name="省领导",
            leader_level="province",
            scan=SimpleUploadedFile("原件.pdf", b"%PDF-1.4\n"),
        )
    by_chief = actions.record_instruction(
        city.county_chief, item=item, text="阅。", leader_name="王县长", leader_level="county"
    )
    assert by_chief.confirmed_at is not None
    with pytest.raises(PermissionRefused):
        actions.confirm_instruction(city.county_editor2, own)
    actions.confirm_instruction(city.county_director, own)
    with pytest.raises(DomainError, match="已经确认"):
        actions.confirm_instruction(city.county_chief, own)


def test_a_hub_sets_its_own_reminder_plan_and_open_assignments_follow_it(city, login):
    """The county's plan: remind 5 days and 1 day before, chase on days 2 and 4, the chief on day 2,
    never the director. An open assignment made under the default plan is rescheduled."""
    with time_machine.travel(MONDAY, tick=False):
        _item, ins = _record(city)
        (_a1,) = actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date(2026, 3, 10))
        with pytest.raises(PermissionRefused):
            actions.save_followup_plan(
                city.county_editor, city.county_hub, remind_before="1", chase_after="1", chief_after=1, director_after=2
            )
        chief = login(city.county_chief)
        page = chief.post(
            "/instructions/plan/",
            {"remind_before": "5、1", "chase_after": "2，4", "chief_after": "2", "director_after": ""},
            follow=True,
        ).content.decode()
        assert "督办提醒方案已保存" in page
        assert "到期前5天、前1天提醒承办单位；逾期2、4天催办；逾期2天告知科长。" in page
        assert AuditRecord.objects.filter(action="instructions.save_followup_plan").count() == 1
    township = sorted([city.officer.pk, city.signer.pk])
    assert _sent(at(5, 9)) == [("soon5", township)]  # 5 March 09:00 = D−5; the default D−3 is gone
    assert [k for k, _ in _sent(at(10, 9))] == ["soon1", "soon5"]  # nothing on the day itself
    got = dict(_sent(at(12, 9)))
    assert got["chase2"] == township and got["up2"] == [city.county_chief.pk]
    got = dict(_sent(at(20, 9)))
    assert set(got) == {"soon5", "soon1", "chase2", "up2", "chase4"}  # no director, no default steps
    assert Notification.objects.filter(recipient=city.officer, kind="instructions.overdue").count() == 2


def test_a_bad_plan_is_refused_in_chinese_and_changes_nothing(city, login):
    from xinbao.instructions.models import FollowupPlan

    chief = login(city.county_chief)
    cases = [
        ({"remind_before": "三天", "chase_after": "1"}, "请填写天数（整数）"),
        ({"remind_before": "40", "chase_after": "1"}, "天数须在0到30之间"),
        ({"remind_before": "3", "chase_after": "0"}, "天数须在1到60之间"),
        (
            {"remind_before": "3", "chase_after": "1", "chief_after": "7", "director_after": "3"},
            "告知主任应不早于告知科长",
        ),
        ({"remind_before": "1 2 3 4 5 6", "chase_after": "1"}, "最多设置5次"),
    ]
    for data, message in cases:
        response = chief.post("/instructions/plan/", {"chief_after": "", "director_after": "", **data})
        assert response.status_code == 200 and message in response.content.decode(), message
    assert not FollowupPlan.objects.exists()
    # An editor sees the plan but may not change it; a township officer may not even see it.
    editor = login(city.county_editor)
    assert "到期前3天、当天提醒承办单位" in editor.get("/instructions/plan/").content.decode()
    assert editor.post("/instructions/plan/", {"remind_before": "1", "chase_after": "1"}).status_code == 403
    assert login(city.officer).get("/instructions/plan/").status_code == 403
