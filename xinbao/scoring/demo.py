"""Demo content: example rule sets for hubs of the demo city, a year of history for the units they
assess (demo_history), scored for this year."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from xinbao.orgs.models import Channel

from . import actions, demo_history, queries

EXAMPLES = Path(__file__).resolve().parent / "examples"
# (hub key in DemoCity.hubs, channel code, example file)
DEMO_RULE_SETS = [
    ("party:JZ-C1-SW", "party", "county_yearly.yaml"),
    ("party:JZ-C2-SW", "party", "adopter_score.yaml"),
    ("party:JZ-C3-SW", "party", "monthly_in_year.yaml"),
    ("gov:JZ-C5-ZF", "gov", "district_quarterly.yaml"),
    ("cppcc:JZ-ZX", "cppcc", "cppcc_members.yaml"),
]
# CPPCC members with an attribute rules reward (全国政协委员, 省政协委员).
DEMO_ATTRIBUTES = [("weiyuan11", "全国政协委员", "central"), ("weiyuan21", "省政协委员", "province")]


def extend_demo(city: Any) -> None:
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    history = demo_history.History()
    for hub_key, channel_code, name in DEMO_RULE_SETS:
        hub = city.hubs.get(hub_key)
        if hub is None:
            continue
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        channel = Channel.objects.get(code=channel_code)
        rule_set = actions.create_rule_set(None, hub=hub, channel=channel, text=text, valid_from=year_start)
        _history(history, rule_set, channel_code)
        actions.recompute(None, rule_set, year_start, today)
        _demo_notice(rule_set, today)
    _cppcc_periodical(city)


def _cppcc_periodical(city: Any) -> None:
    """The CPPCC office's own 社情民意 periodical (reported to the province's CPPCC office when it exists)."""
    from xinbao.publications.actions import create_periodical
    from xinbao.publications.models import Periodical

    hub, editor = city.hubs.get("cppcc:JZ-ZX"), city.people.get("zx_bianji")
    if hub is None or editor is None or Periodical.objects.filter(hub=hub).exists():
        return
    upper = [u for key, u in city.hubs.items() if key.startswith("cppcc:") and u.level == "province"]
    create_periodical(
        editor,
        hub=hub,
        channel=Channel.objects.get(code="cppcc"),
        name="社情民意",
        copies=30,
        distribution={"report_to": upper},
    )


def _history(history: demo_history.History, rule_set: Any, channel_code: str) -> None:
    """This year's items of the units (or, on the CPPCC office, the members) the rule set assesses."""
    from xinbao.orgs.models import Unit, User

    from . import register_actions

    spec = rule_set.active_version.spec
    hub = rule_set.hub
    history.above(channel_code, from_city=hub.level == "city")
    if spec.get("writers", {}).get("attached"):
        members = list(User.objects.filter(unit=hub, roles__role__in=spec["writers"]["roles"]).order_by("id"))
        for username, name, level in DEMO_ATTRIBUTES:
            person = next((m for m in members if m.username == username), None)
            if person is not None:
                register_actions.add_person_attribute(None, person, name=name, level=level)
        items = history.for_hub(hub, channel_code, [(hub, m) for m in members], per_month=1)
        demo_history.instruct(items, history.rng, [("市政协主席", "city"), ("省领导", "province")], 3)
        return
    units = list(Unit.objects.filter(pk__in=[u.unit_id for u in queries.assessed_units(rule_set, spec)]))
    items = history.for_hub(hub, channel_code, demo_history.writers_of(units), per_month=2)
    demo_history.instruct(items, history.rng, [("县委书记", "county"), ("市委书记", "city"), ("省领导", "province")], 6)


def _demo_notice(rule_set: Any, today: datetime.date) -> None:
    """Last month's 通报 as the scheduler drafts it, waiting for the editor (none in January)."""
    from . import notice_actions, periods

    last_month = periods.containing("month", today.replace(day=1) - datetime.timedelta(days=1))
    if last_month.start >= rule_set.valid_from:
        notice_actions.create_notice(None, rule_set, last_month)
