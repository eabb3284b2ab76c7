"""合报: an item a unit reported jointly with another (one of the item's co-units) answers the commission
for both — on the commission page, the hub's list, the unit's own list, the reminders and the facts."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from xinbao.commissions import actions, facts, queries
from xinbao.items import actions as item_actions
from xinbao.notify.models import Reminder
from xinbao.notify.reminders import send_due

TZ = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=TZ)


def test_a_joint_item_answers_for_its_co_unit(city):
    with time_machine.travel(at(5, 1), tick=False):  # due Friday 8 May 17:00, to both townships
        commission = actions.issue(
            city.county_editor,
            hub=city.county_hub,
            channel=city.channels["party"],
            title="一季度经济运行亮点",
            due_at=at(5, 8, 17),
            units=[city.township, city.township2],
        )
    with time_machine.travel(at(5, 6), tick=False):
        # 城关镇 writes it, 新华镇 is its 合报单位
        item = actions.start_answer(
            city.officer,
            commission,
            category="economy",
            title="城关镇、新华镇联合开展一季度经济运行分析",
            body="正文……",
            writer_name="王",
            writer_phone="123",
            co_units=[city.township2],
        )
        item_actions.submit(city.officer, item, [city.channels["party"]])
        item_actions.sign_off(city.signer, item)
        item_actions.adopt(city.county_editor, item.submissions.get(hub=city.county_hub))
        rows = {r.target.unit_id: r for r in queries.rows_with_status(commission, queries.target_rows(commission))}
        # one item for each unit (counted once each, not twice for 城关镇), adopted for both
        assert (rows[city.township.pk].n_items, rows[city.township2.pk].n_items) == (1, 1)
        assert (rows[city.township.pk].n_adopted, rows[city.township2.pk].n_adopted) == (1, 1)
        assert rows[city.township2.pk].status == "on_time"
        assert queries.summary(commission) == {"on_time": 2, "late": 0, "pending": 0, "missed": 0}
        (counted,) = queries.with_counts([commission])
        assert (counted.n_answered, counted.n_targets) == (2, 2)
        assert list(queries.open_for_unit(city.officer2)) == []  # nothing left to answer at 新华镇
    with time_machine.travel(at(5, 9, 9), tick=False):
        send_due()
    # 新华镇 answered (jointly) on the 6th: none of its reminders went out, each was dropped by the guard
    c, t1, t2 = commission.pk, city.township.pk, city.township2.pk
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()
    dropped = Reminder.objects.filter(key__startswith=f"commissions:c{c}:u{t2}:", cancelled_at__isnull=False)
    assert sorted(dropped.values_list("key", flat=True)) == [
        f"commissions:c{c}:u{t2}:late",
        f"commissions:c{c}:u{t2}:soon0",
        f"commissions:c{c}:u{t2}:soon2",
    ]
    with time_machine.travel(at(5, 20), tick=False):
        kinds = {
            r["unit_id"]: r["kind"] for r in facts.commission_fact_rows([t1, t2], at(5, 1).date(), at(5, 31).date())
        }
    assert kinds == {t1: "commission.completed", t2: "commission.completed"}
