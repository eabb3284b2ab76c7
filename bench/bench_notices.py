"""Notices benchmark: a quarter's 通报 for a hub of many units — generating it (recompute + figures), its
Word file (ranking tables of every unit and the chart), the notice page with its HTML preview, publishing
it (a receipt and a message per unit's people), and a unit reading it.

Data (generated once in bulk and kept in the bench database): one hub with ``UNITS`` member units (one
officer each), ``ITEMS`` items submitted in 2025Q4, about 40% adopted, scored with the district example
rule set (quarterly). Targets: the Word file under 3 s and the page under 1 s at 400 units; constant
queries on the page and on reading.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import client_for, count_queries, median_ms, report, setup_django, sized

QUARTER = (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
HUB_CODE = "BENCH-NT-HUB"


def _generate(n_units: int, n_items: int):  # type: ignore[no-untyped-def]
    from django.db import transaction
    from django.utils import timezone

    from xinbao.items.models import Adoption, AdoptionCredit, Item
    from xinbao.orgs import actions as org_actions
    from xinbao.orgs.models import Channel, Unit, UnitChannel, User, UserRole
    from xinbao.orgs.roles import Role

    rng = random.Random(2025)
    channel = Channel.objects.get(code="party")
    rows = [
        {"code": HUB_CODE, "name": "基准通报汇总单位", "parent_code": None, "level": "county", "kind": "party_office"}
    ]
    rows += [
        {
            "code": f"{HUB_CODE}-{i:04d}",
            "name": f"通报单位{i:04d}",
            "parent_code": HUB_CODE,
            "level": "township",
            "kind": "township",
        }
        for i in range(n_units)
    ]
    org_actions.bulk_create_units(None, rows)
    hub = Unit.objects.get(code=HUB_CODE)
    units = list(Unit.objects.filter(parent=hub).order_by("id"))
    with transaction.atomic():
        UnitChannel.objects.create(unit=hub, channel=channel, is_hub=True)
        UnitChannel.objects.bulk_create([UnitChannel(unit=u, channel=channel, hub=hub) for u in units])
        people = User.objects.bulk_create(
            [
                User(
                    username=f"bench-nt-{u.pk}",
                    display_name=f"信息员{u.pk}",
                    unit=u,
                    password="!",
                    must_change_password=False,
                )
                for u in units
            ]
            + [
                User(
                    username="bench-nt-editor",
                    display_name="通报编辑",
                    unit=hub,
                    password="!",
                    must_change_password=False,
                ),
                User(
                    username="bench-nt-chief",
                    display_name="通报科长",
                    unit=hub,
                    password="!",
                    must_change_password=False,
                ),
            ]
        )
        roles = [UserRole(user=p, role=Role.OFFICER) for p in people[:-2]]
        roles += [UserRole(user=people[-2], role=Role.HUB_EDITOR), UserRole(user=people[-1], role=Role.HUB_CHIEF)]
        UserRole.objects.bulk_create(roles)
        authors = {p.unit_id: p.pk for p in people[:-2]}
        items = []
        for n in range(n_items):
            unit = rng.choice(units)
            day = QUARTER[0] + datetime.timedelta(days=rng.randrange(92))
            items.append(
                Item(
                    unit=unit,
                    author_id=authors[unit.pk],
                    title=f"基准通报信息{n}：城关镇推行“一窗通办”群众办事时间缩短一半",
                    category=rng.choice(["news", "problem", "research", "experience"]),
                    tone=rng.choice(["good", "bad", ""]),
                    state="submitted",
                    submitted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0))),
                )
            )
        items = Item.objects.bulk_create(items, batch_size=5000)
        adopted = [it for it in items if rng.random() < 0.4]
        adoptions = Adoption.objects.bulk_create(
            [
                Adoption(
                    item=it,
                    adopter_name="县委办公室",
                    publication="《重要信息》",
                    level=rng.choice(["county", "county", "city"]),
                    kind="single",
                    adopted_on=min(QUARTER[1], it.submitted_at.date() + datetime.timedelta(days=rng.randrange(10))),
                )
                for it in adopted
            ],
            batch_size=5000,
        )
        AdoptionCredit.objects.bulk_create(
            [
                AdoptionCredit(adoption=a, unit_id=it.unit_id, person_id=it.author_id, source_item=it)
                for a, it in zip(adoptions, adopted, strict=True)
            ],
            batch_size=5000,
        )
    return hub, channel


def _rule_set(hub, channel):  # type: ignore[no-untyped-def]
    from xinbao.scoring import actions
    from xinbao.scoring.models import RuleSet

    existing = RuleSet.objects.filter(hub=hub, deleted_at__isnull=True).first()
    if existing is not None:
        return existing
    text = (Path(__file__).resolve().parent.parent / "xinbao/scoring/examples/district_quarterly.yaml").read_text(
        "utf-8"
    )
    return actions.create_rule_set(None, hub=hub, channel=channel, text=text, valid_from=datetime.date(2025, 1, 1))


def main() -> None:
    setup_django()
    from django.db import reset_queries

    from xinbao.orgs.models import Channel, Unit, User
    from xinbao.scoring import notice_actions as actions
    from xinbao.scoring.models import Notice, NoticeState
    from xinbao.scoring.periods import Period

    n_units, n_items = sized(400, 40), sized(12_000, 1_200)
    print(f"notices benchmark ({n_units} units, {n_items} items in a quarter)", flush=True)
    hub = Unit.objects.filter(code=HUB_CODE).first()
    if hub is None:
        start = time.perf_counter()
        hub, channel = _generate(n_units, n_items)
        print(f"  data generated in {time.perf_counter() - start:.1f} s", flush=True)
    else:
        channel = Channel.objects.get(code="party")
    rule_set = _rule_set(hub, channel)
    editor, chief = User.objects.get(username="bench-nt-editor"), User.objects.get(username="bench-nt-chief")
    quarter = Period(*QUARTER, "quarter")

    existing = Notice.objects.filter(rule_set=rule_set, period_type="quarter", start=QUARTER[0]).first()
    if existing is not None and existing.state == NoticeState.PUBLISHED:  # a previous run published it
        actions.withdraw_notice(chief, existing, "基准测试重跑")
        actions.redraft_notice(editor, existing)
    start = time.perf_counter()
    notice = actions.create_notice(editor, rule_set, quarter)
    report(
        f"notices: generate a quarter's notice (recompute + figures), {n_units} units",
        time.perf_counter() - start,
        "s",
        "< 10 s",
    )
    size_kb = len(actions.document_bytes(notice)) / 1024
    report(
        f"notices: Word file ({n_units} units: tables and chart)",
        median_ms(lambda: actions.document_bytes(notice), repeat=sized(5, 3), warmup=1),
        "ms",
        "< 3000 ms",
    )
    report("notices: Word file size", size_kb, "KiB", "(info)")

    url = f"/scoring/notices/{notice.pk}/"
    client = client_for(editor)
    report(
        f"notices: notice page with HTML preview ({n_units} units)",
        median_ms(lambda: client.get(url), repeat=sized(7, 3)),
        "ms",
        "< 1000 ms",
    )
    assert client.get(url).status_code == 200
    reset_queries()
    report("notices: notice page queries (editor)", count_queries(lambda: client.get(url)), "queries", "constant (12)")

    actions.submit_notice(editor, notice)
    actions.approve_notice(chief, notice)
    start = time.perf_counter()
    count = actions.publish_notice(editor, notice)
    report(
        f"notices: publish to {count} units (Word file, receipts, messages)",
        time.perf_counter() - start,
        "s",
        "< 5 s",
    )
    reader = User.objects.filter(unit__parent=hub).order_by("id").first()
    assert reader is not None
    reader_client = client_for(reader)
    assert reader_client.get("/scoring/notices/").status_code == 200
    reset_queries()
    report(
        "notices: a unit opens the notice (receipt, inbox cleared) queries",
        count_queries(lambda: reader_client.get(url)),
        "queries",
        "constant (19)",
    )
    report(
        "notices: notice list queries (unit)",
        count_queries(lambda: reader_client.get("/scoring/notices/")),
        "queries",
        "constant",
    )


if __name__ == "__main__":
    main()
