"""Urgent information in a browser: a township logs an event on a phone and files 初报 and 续报; the
county's board shows it with its countdown; when the next 续报 is missed the row turns red and the
escalation reaches the right inbox (the worker run at a later, frozen time)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.e2e.conftest import sign_in, sign_out
from xinbao.orgs.models import UnitChannel
from xinbao.urgent import actions
from xinbao.urgent.models import Event

pytestmark = pytest.mark.e2e

POLICY = """name: 县委办（测试：续报每小时）
clock: known
levels:
  any: {phone: 20, written: 40, followup: {every: 1}, final: 24}
escalation:
  - {after: 0, to: unit_signer}
  - {after: 15, to: hub_staff}
"""


def test_township_reports_and_the_county_board_follows(page, browser, live_server, city, password) -> None:
    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    actions.activate_policy(None, actions.save_policy(None, hub=city.county_hub, text=POLICY))
    # The township's signer, on a phone.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    mobile.set_default_timeout(15000)
    mobile.base_url = live_server.url
    sign_in(mobile, "signer", password)
    mobile.goto(live_server.url + "/urgent/new/")
    mobile.fill("#id_title", "城关镇化工厂火灾")
    mobile.select_option("#id_event_type", "accident")
    mobile.select_option("#id_severity", "II")
    mobile.fill("#id_place", "城关镇工业园")
    mobile.fill("#id_summary", "厂房起火，正在扑救")
    with mobile.expect_navigation():
        mobile.click("[data-testid=save-event]")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    event = Event.objects.get()
    # 书面初报, signed at once.
    with mobile.expect_navigation():
        mobile.click("[data-testid=write-initial]")
    mobile.fill("#id_el_place", "城关镇工业园")
    mobile.fill("#id_el_nature", "火灾")
    with mobile.expect_navigation():
        mobile.click("[data-testid=sign-report]")
    # 续报一.
    with mobile.expect_navigation():
        mobile.click("[data-testid=write-followup]")
    mobile.fill("#id_el_progress", "明火已扑灭")
    with mobile.expect_navigation():
        mobile.click("[data-testid=sign-report]")
    assert "续报一" in mobile.locator("[data-testid=timeline]").inner_text()
    phone.close()

    # The county editor's board: the event with its countdown to 续报二, not red.
    sign_in(page, "county_editor", password)
    page.goto(live_server.url + "/urgent/board/")
    row = page.locator("[data-testid=board-row]", has_text="城关镇化工厂火灾")
    assert "续报二" in row.inner_text()
    page.wait_for_timeout(1200)  # the countdown ticks
    assert re.search(r"\d{2}:\d{2}", row.locator("[data-testid=countdown]").inner_text())
    assert "table-danger" not in (row.get_attribute("class") or "")
    sign_out(page)

    # 续报二 was due an hour after 续报一; 20 minutes after that nothing has come. The worker runs.
    due = event.legs.get().deadlines.get(kind="followup", number=2).due_at
    with time_machine.travel(due + datetime.timedelta(minutes=20), tick=True):
        call_command("worker", "--once", "--no-tasks")
        sign_in(page, "county_editor", password)
        page.goto(live_server.url + "/urgent/board/")
        row = page.locator("[data-testid=board-row]", has_text="城关镇化工厂火灾")
        page.wait_for_timeout(1200)
        assert "table-danger" in (row.get_attribute("class") or "")
        assert "超时" in row.locator("[data-testid=countdown]").inner_text()
        page.goto(live_server.url + "/inbox/")
        inbox = page.locator("main").inner_text()
        assert "紧急信息催报（第2级）" in inbox and "续报二" in inbox
        assert timezone.now() > due
    # Step 1 went to the township's signer, not to the county.
    assert city.signer.notifications.filter(kind="urgent.escalation", text__contains="第1级").count() == 1
    assert not city.county_editor.notifications.filter(kind="urgent.escalation", text__contains="第1级").exists()
