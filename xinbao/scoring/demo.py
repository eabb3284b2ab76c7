"""Demo content: the three example rule sets for hubs of the demo city, scored for this year."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from xinbao.orgs.models import Channel

from . import actions

EXAMPLES = Path(__file__).resolve().parent / "examples"
# (hub key in DemoCity.hubs, channel code, example file)
DEMO_RULE_SETS = [
    ("party:JZ-C1-SW", "party", "county_yearly.yaml"),
    ("gov:JZ-C5-ZF", "gov", "district_quarterly.yaml"),
    ("cppcc:JZ-C1-ZX", "cppcc", "cppcc_fees.yaml"),
]


def extend_demo(city: Any) -> None:
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    for hub_key, channel_code, name in DEMO_RULE_SETS:
        hub = city.hubs.get(hub_key)
        if hub is None:
            continue
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        channel = Channel.objects.get(code=channel_code)
        rule_set = actions.create_rule_set(None, hub=hub, channel=channel, text=text, valid_from=year_start)
        actions.recompute(None, rule_set, year_start, today)
        _demo_notice(rule_set, today)


def _demo_notice(rule_set: Any, today: datetime.date) -> None:
    """Last month's 通报 as the scheduler drafts it, waiting for the editor (none in January)."""
    from . import notice_actions, periods

    last_month = periods.containing("month", today.replace(day=1) - datetime.timedelta(days=1))
    if last_month.start >= rule_set.valid_from:
        notice_actions.create_notice(None, rule_set, last_month)
