"""The follow-up pages: the loop through the browser's forms, constant queries, refusals as messages."""

from __future__ import annotations

import datetime

from django.urls import reverse

from xinbao.instructions import actions
from xinbao.instructions.models import Assignment, AssignmentState, Instruction, InstructionState
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def _instruction(city, title="城关镇山塘隐患"):
    sub = make_submitted_item(city, title=title)
    return actions.record_instruction(
        city.county_editor, text="请汛前整改。", item=sub.item, leader_name="王县长", leader_level="county"
    )


def test_the_loop_through_the_pages(city, login):
    ins = _instruction(city)
    hub = login(city.county_editor)
    page = hub.get(reverse("instructions:detail", args=[ins.pk])).content.decode()
    assert "清河城关镇" in page and "白石石桥镇" not in page  # only units of the hub's own county
    due = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    response = hub.post(
        reverse("instructions:assign", args=[ins.pk]),
        {"units": [city.township.pk, city.township2.pk], "due_on": due, "expectation": "报整改清单"},
    )
    assert response.status_code == 302 and Assignment.objects.count() == 2
    mine = Assignment.objects.get(unit=city.township)
    unit = login(city.officer)
    assert "请汛前整改" in unit.get(reverse("instructions:tasks")).content.decode()
    unit.post(reverse("instructions:accept", args=[mine.pk]))
    unit.post(reverse("instructions:report", args=[mine.pk]), {"text": "已整改3座。"})
    feedback = mine.feedback.get()
    hub = login(city.county_editor)
    hub.post(reverse("instructions:review", args=[feedback.pk]), {"decision": "accepted", "note": ""})
    other = Assignment.objects.get(unit=city.township2)
    hub.post(reverse("instructions:withdraw", args=[other.pk]), {"reason": "交办错了单位"})
    response = hub.post(reverse("instructions:close", args=[ins.pk]), {"outcome": "整改完毕。"}, follow=True)
    assert "批示已办结" in response.content.decode()
    ins.refresh_from_db()
    other.refresh_from_db()
    assert ins.state == InstructionState.CLOSED and other.state == AssignmentState.WITHDRAWN
    assert Notification.objects.filter(recipient=city.officer, kind="instructions.closed").exists()
    assert Notification.objects.filter(recipient=city.officer2, kind="instructions.withdrawn").exists()


def test_bad_input_gets_a_message_and_changes_nothing(city, login):
    ins = _instruction(city)
    hub = login(city.county_editor)
    response = hub.post(
        reverse("instructions:assign", args=[ins.pk]), {"units": ["x"], "due_on": "2026-02-31"}, follow=True
    )
    assert response.status_code == 200 and "承办单位" in response.content.decode()
    response = hub.post(reverse("instructions:close", args=[ins.pk]), {"outcome": ""}, follow=True)
    assert "办结情况" in response.content.decode()
    assert not Assignment.objects.exists() and Instruction.objects.get().state == InstructionState.RECORDED
    assert hub.get(reverse("instructions:index") + "?state=nonsense&page=abc").status_code == 200


def test_list_pages_take_constant_queries(city, login, django_assert_max_num_queries):
    due = datetime.date.today() + datetime.timedelta(days=2)
    for n in range(6):
        ins = _instruction(city, title=f"第{n}条")
        actions.assign(city.county_editor, ins, [city.township, city.township2], due_on=due)
    for user, name in [
        (city.county_editor, "instructions:index"),
        (city.county_editor, "instructions:due"),
        (city.officer, "instructions:tasks"),
        (city.officer, "instructions:due"),
    ]:
        client = login(user)
        client.get(reverse(name))  # warm the session and caches
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_the_hub_sees_every_assignment_a_unit_only_its_own(city, login):
    ins = _instruction(city)
    actions.assign(city.county_editor, ins, [city.township, city.township2], due_on=datetime.date.today())
    page = login(city.officer).get(reverse("instructions:detail", args=[ins.pk])).content.decode()
    assert 'data-testid="assignment-QH-T01"' in page and 'data-testid="assignment-QH-T02"' not in page
    page = login(city.county_leader).get(reverse("instructions:detail", args=[ins.pk])).content.decode()
    assert 'data-testid="assignment-QH-T02"' in page and 'data-testid="assign"' not in page


def test_home_panels_show_what_is_due(city, login):
    ins = _instruction(city)
    actions.assign(city.county_editor, ins, [city.township], due_on=datetime.date.today())
    assert "清河城关镇 · 王县长批示" in login(city.county_editor).get("/").content.decode()
    assert "王县长批示" in login(city.signer).get("/").content.decode()
