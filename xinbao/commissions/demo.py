"""Demo content: the first county's hub commissions a topic from all its reporting units (one has
answered), and publishes a topic list and this month's reporting priorities."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from xinbao.items import actions as items_actions
from xinbao.orgs.models import Channel

from . import actions
from .models import CommissionKind


def extend_demo(city: Any) -> None:
    hub = city.hubs.get("party:JZ-C1-SW")
    editor = city.people.get("c1_bianji")
    if hub is None or editor is None:
        return
    party = Channel.objects.get(code="party")
    now = timezone.now()
    commission = actions.issue(
        editor,
        hub=hub,
        channel=party,
        title="基层治理中的新做法新成效",
        requirements="每单位至少报送1篇，800字以内，要有数据、有案例；问题类信息优先。",
        due_at=now + datetime.timedelta(days=5),
        rule="all",
        lead_unit=None,
    )
    officer, signer = city.people.get("c1t01_xxy"), city.people.get("c1t01_qf")
    if officer is not None and signer is not None:
        item = actions.start_answer(
            officer,
            commission,
            category="experience",
            title="网格化管理让群众诉求两天办结",
            body="今年以来，镇里划分网格42个，配备专兼职网格员96名，群众诉求平均办结时间由7天缩短到2天。",
            writer_name=officer.display_name,
            writer_phone=officer.phone or "0571-88886666",
        )
        items_actions.submit(officer, item, [party])
        items_actions.sign_off(signer, item)
    actions.issue(
        editor,
        hub=hub,
        channel=party,
        kind=CommissionKind.TOPICS,
        title="征集参考选题：乡村振兴、营商环境、安全生产、民生实事",
        requirements="1. 乡村振兴中的新业态；2. 优化营商环境的具体举措；3. 汛期安全隐患排查整改；4. 民生实事进展。",
        rule="all",
    )
    actions.issue(
        editor,
        hub=hub,
        channel=party,
        kind=CommissionKind.PRIORITIES,
        title="本月报送要点：防汛备汛、夏粮收购、项目建设",
        rule="all",
    )
