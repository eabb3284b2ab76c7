"""Demo content: 批示 in 江州市第一个县 — one being carried out by two units (one has reported, one is
due soon), and one closed with its outcome; built through the real actions."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from xinbao.items.models import Submission

from . import actions


def extend_demo(city: Any) -> None:
    hub = city.hubs.get("party:JZ-C1-SW")
    people = city.people
    if hub is None or "c1_bianji" not in people:
        return
    editor, chief, leader = people["c1_bianji"], people["c1_kezhang"], people["c1_lingdao"]
    subs = list(Submission.objects.filter(hub=hub).select_related("item__unit").order_by("id")[:2])
    if len(subs) < 2:
        return
    today = timezone.localdate()
    first = actions.record_instruction(
        leader,
        text="这个问题要高度重视，请相关镇和县水利局汛前完成整改，整改情况及时报县委办。",
        item=subs[0].item,
        kind="action",
    )
    units = list({s.item.unit_id: s.item.unit for s in subs}.values())
    mine, *_others = actions.assign(
        editor,
        first,
        units,
        due_on=today + datetime.timedelta(days=2),
        expectation="报送整改清单、责任人和完成时间。",
    )
    actions.accept(people[_login(mine.unit, "qf")], mine)
    actions.report(people[_login(mine.unit, "xxy")], mine, "已排查隐患点17处，整改12处，其余5处落实专人监测。")

    second = actions.record_instruction(
        editor,
        text="经验做法很好，请在全县推广。",
        item=subs[1].item,
        leader_name="县委书记",
        leader_level="county",
        leader_post="县委书记",
        kind="guidance",
    )
    (done,) = actions.assign(editor, second, [subs[1].item.unit], due_on=today + datetime.timedelta(days=10))
    round1 = actions.report(people[_login(done.unit, "xxy")], done, "已在全镇推广，形成工作规范。")
    actions.review(chief, round1, "accepted")
    actions.close(editor, second, "做法已在全县12个乡镇推广，相关经验由县委办编发《清河信息》。")


def _login(unit: Any, suffix: str) -> str:
    """The demo login of a county unit's officer (xxy) or signer (qf): JZ-C1-T01 → c1t01_xxy."""
    _city, county, sub = unit.code.split("-")
    return f"{county.lower()}{sub.lower()}_{suffix}"
