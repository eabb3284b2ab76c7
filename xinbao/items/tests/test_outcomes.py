"""原稿转送/交办 and 差错通报: recorded by the receiving hub's information section only, validated in Chinese
with nothing changed, audited, told to the writer's side, shown on the hub's and the writer's pages, and
withdrawn (never deleted) with a reason."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import actions
from xinbao.items.models import Outcome, OutcomeKind
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification

D = datetime.date
TODAY = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=datetime.UTC)


@time_machine.travel(TODAY, tick=False)
def test_the_hub_refers_an_original_and_the_writer_is_told(city):
    sub = make_submitted_item(city, title="城关镇河道清淤进度滞后")
    outcome = actions.record_outcome(
        city.county_editor, sub, kind=OutcomeKind.REFERRED, on=D(2026, 5, 19), counterpart=" 县水利局 "
    )
    assert (outcome.counterpart, outcome.recorded_by) == ("县水利局", city.county_editor)
    audit = AuditRecord.objects.get(action="items.record_outcome")
    assert audit.actor == city.county_editor and audit.new_values["交办部门或通报机关"] == "县水利局"
    told = Notification.objects.get(kind="items.outcome", recipient=city.officer)
    assert told.text == f"《城关镇河道清淤进度滞后》的原稿已由{sub.hub.name}转送县水利局办理。"


@pytest.mark.parametrize("who", ["officer", "signer", "county_gov_editor", "city_editor", "sysadmin", "county_leader"])
def test_only_the_receiving_hubs_section_may_record(city, who):
    sub = make_submitted_item(city)
    with pytest.raises(PermissionRefused):
        actions.record_outcome(
            getattr(city, who), sub, kind=OutcomeKind.REFERRED, on=D(2026, 1, 5), counterpart="县水利局"
        )
    assert not Outcome.objects.exists()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": OutcomeKind.REFERRED, "on": D(2026, 5, 21), "counterpart": "县水利局"}, "日期不能晚于今天"),
        ({"kind": OutcomeKind.REFERRED, "on": D(2026, 5, 19), "counterpart": "  "}, "请填写交办部门"),
        ({"kind": OutcomeKind.ERROR, "on": D(2026, 5, 19), "counterpart": ""}, "请填写通报差错的机关"),
        ({"kind": OutcomeKind.ERROR, "on": D(2026, 5, 19), "counterpart": "市委办公室"}, "请写明差错的内容"),
        ({"kind": "praise", "on": D(2026, 5, 19), "counterpart": "市委办公室"}, "请选择登记类型"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(city, fields, message):
    sub = make_submitted_item(city)
    with pytest.raises(DomainError, match=message):
        actions.record_outcome(city.county_editor, sub, **fields)
    assert not Outcome.objects.exists()
    assert not AuditRecord.objects.filter(action="items.record_outcome").exists()


@time_machine.travel(TODAY, tick=False)
def test_a_mistaken_record_is_withdrawn_with_a_reason_and_kept(city):
    sub = make_submitted_item(city)
    outcome = actions.record_outcome(
        city.county_editor, sub, kind=OutcomeKind.ERROR, on=D(2026, 5, 18), counterpart="市委办公室", detail="数据有误"
    )
    with pytest.raises(DomainError, match="请填写理由"):
        actions.withdraw_outcome(city.county_editor, outcome, " ")
    with pytest.raises(PermissionRefused):
        actions.withdraw_outcome(city.officer, outcome, "登记错了")
    actions.withdraw_outcome(city.county_chief, outcome, "通报对象是另一条信息")
    outcome.refresh_from_db()
    assert outcome.withdrawn_by == city.county_chief and outcome.withdraw_reason == "通报对象是另一条信息"
    with pytest.raises(DomainError, match="已经撤销"):
        actions.withdraw_outcome(city.county_chief, outcome, "再撤一次")
    assert AuditRecord.objects.filter(action="items.withdraw_outcome").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_pages_record_show_and_withdraw(city, login):
    sub = make_submitted_item(city, title="新华镇秸秆禁烧")
    editor = login(city.county_editor)
    page = editor.get(f"/items/s/{sub.pk}/").content.decode()
    assert 'data-testid="record-outcome"' in page
    form = editor.get(f"/items/s/{sub.pk}/outcome/").content.decode()
    assert 'value="2026-05-20"' in form  # today's date already filled in
    bad = editor.post(f"/items/s/{sub.pk}/outcome/", {"kind": "error", "on": "2026-05-19", "counterpart": "市委办"})
    assert bad.status_code == 200 and "请写明差错的内容" in bad.content.decode()
    assert not Outcome.objects.exists()
    done = editor.post(
        f"/items/s/{sub.pk}/outcome/",
        {"kind": "referred", "on": "2026-05-19", "counterpart": "县生态环境局", "detail": "请督促整改"},
    )
    assert done.status_code == 302
    outcome = Outcome.objects.get()
    page = editor.get(f"/items/s/{sub.pk}/").content.decode()
    assert "县生态环境局：请督促整改" in page and 'data-testid="withdraw-outcome"' in page
    # The writer sees the record on the item's own page, without a withdraw button.
    writer = login(city.officer).get(f"/items/{sub.item_id}/").content.decode()
    assert "原稿转送/交办 · 县生态环境局" in writer and "withdraw-outcome" not in writer
    # An officer cannot reach the form; the other hub cannot withdraw.
    assert login(city.officer).get(f"/items/s/{sub.pk}/outcome/").status_code in (403, 404)
    other = login(city.county_gov_editor).post(f"/items/outcomes/{outcome.pk}/withdraw/", {"reason": "x"})
    assert other.status_code in (403, 404)
    editor = login(city.county_editor)  # the test client is shared: sign the editor in again
    withdrawn = editor.post(f"/items/outcomes/{outcome.pk}/withdraw/", {"reason": "部门写错"})
    assert withdrawn.status_code == 302, withdrawn.content.decode()[:2000]
    outcome.refresh_from_db()
    assert outcome.withdrawn_at is not None
    assert "已撤销（部门写错）" in editor.get(f"/items/s/{sub.pk}/").content.decode()
