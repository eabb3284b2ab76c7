"""Instructions and commissions benchmark: the hub's overdue list, a commission page with 500 target
units, and one pass of the reminder scan.

Data (built once, in bulk, in its own SQLite file or in ``DATABASE_URL``): the small test city plus
500 member units of the county hub; 100,000 批示 of the county hub with one assignment each (one in
ten overdue) and 10,000 commissions to all 500 units (``SCALE=small``: 10,000 批示, 100 commissions);
reminders pending for every assignment.
Targets (issue 12): overdue list and commission page under 200 ms with constant queries; the
reminder scan under 1 s per pass.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, client_for, count_queries, median_ms, report, scale, setup_django, sized

UNITS = 500


def _database() -> None:
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / "bench" / f"instructions-{scale()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _city():  # type: ignore[no-untyped-def]
    from xinbao.orgs.models import Channel, Unit, User
    from xinbao.orgs.testing import PEOPLE, SmallCity, build_small_city
    from xinbao.orgs.testing import UNITS as CITY_UNITS

    if not Unit.objects.filter(code="QH-SW").exists():
        return build_small_city()
    units = {key: Unit.objects.get(code=code) for key, code, *_rest in CITY_UNITS}
    people = {p.username: p for p in User.objects.filter(username__in=[row[0] for row in PEOPLE])}
    return SmallCity(units=units, people=people, channels={c.code: c for c in Channel.objects.all()})


def _members(city):  # type: ignore[no-untyped-def]
    from xinbao.orgs import actions
    from xinbao.orgs.models import Unit, UnitChannel

    existing = list(Unit.objects.filter(code__startswith="QH-B"))
    if existing:
        return existing
    rows = [
        {"code": f"QH-B{n:04}", "name": f"基准村{n}", "parent_code": "QH", "level": "township", "kind": "community"}
        for n in range(UNITS)
    ]
    units = actions.bulk_create_units(None, rows, audit=False)
    UnitChannel.objects.bulk_create(
        [UnitChannel(unit=u, channel=city.channels["party"], hub=city.county_hub) for u in units]
    )
    return units


def _instructions(city, units, n: int) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from xinbao.instructions.models import Assignment, AssignmentState, Instruction
    from xinbao.notify.models import Reminder

    if Instruction.objects.filter(hub=city.county_hub).exists():
        return
    today = timezone.localdate()
    batch = 5000
    for start in range(0, n, batch):
        rows = [
            Instruction(
                hub=city.county_hub,
                leader_name="王县长",
                leader_level="county",
                text=f"请认真研究落实（{i}）。",
                instructed_on=today - datetime.timedelta(days=i % 300),
                state="assigned",
            )
            for i in range(start, min(n, start + batch))
        ]
        made = Instruction.objects.bulk_create(rows)
        assignments = Assignment.objects.bulk_create(
            [
                Assignment(
                    instruction=ins,
                    unit=units[k % len(units)],
                    due_on=today + datetime.timedelta(days=(-5 if k % 10 == 0 else 20)),
                    first_due_on=today,
                    state=AssignmentState.ASSIGNED if k % 3 else AssignmentState.DONE,
                )
                for k, ins in enumerate(made, start=start)
            ]
        )
        Reminder.objects.bulk_create(
            [
                Reminder(
                    key=f"instructions:a{a.pk}:{a.due_on:%Y%m%d}:chase1",
                    due_at=timezone.now() + datetime.timedelta(days=30),
                    kind="instructions.overdue",
                    text="催办",
                    audience="unit_handlers",
                    params={"unit": a.unit_id},
                )
                for a in assignments
            ]
        )


def _commissions(city, units, n: int) -> int:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from xinbao.commissions.models import Commission, CommissionTarget

    first = Commission.objects.filter(hub=city.county_hub).order_by("id").first()
    if first is not None:
        return first.pk
    for start in range(0, n, 20):
        made = Commission.objects.bulk_create(
            [
                Commission(
                    hub=city.county_hub,
                    channel=city.channels["party"],
                    title=f"约稿选题{i}",
                    due_at=timezone.now() + datetime.timedelta(days=(i % 30) - 10),
                    target_rule="all",
                )
                for i in range(start, min(n, start + 20))
            ]
        )
        CommissionTarget.objects.bulk_create(
            [CommissionTarget(commission=c, unit=u) for c in made for u in units], batch_size=5000
        )
    return Commission.objects.filter(hub=city.county_hub).order_by("id").first().pk  # type: ignore[union-attr]


def _answers(city, commission_id: int, units) -> None:  # type: ignore[no-untyped-def]
    """Half the units of the first commission answered (submitted items linked to it)."""
    from django.utils import timezone

    from xinbao.items.models import Item

    if Item.objects.filter(commission_id=commission_id).exists():
        return
    Item.objects.bulk_create(
        [
            Item(
                unit=u,
                author=city.officer,
                category="news",
                title=f"{u.name}答约稿",
                state="submitted",
                submitted_at=timezone.now(),
                commission_id=commission_id,
            )
            for u in units[::2]
        ]
    )


def main() -> None:
    _database()
    setup_django()
    from django.utils import timezone

    from xinbao.instructions import queries
    from xinbao.notify.models import Reminder
    from xinbao.notify.reminders import send_due

    # BENCH_COMMISSIONS overrides the number of commissions (10,000 × 500 targets is 5 million rows).
    n_instructions = sized(100_000, 10_000)
    n_commissions = int(os.environ.get("BENCH_COMMISSIONS", sized(10_000, 100)))
    print(f"instructions benchmark ({n_instructions} 批示, {n_commissions} commissions × {UNITS} units)", flush=True)
    city = _city()
    units = _members(city)
    _instructions(city, units, n_instructions)
    commission_id = _commissions(city, units, n_commissions)
    _answers(city, commission_id, units)
    repeat = sized(10, 5)
    editor = city.county_editor
    client = client_for(editor)
    due = "/instructions/due/?scope=hub"
    report(
        "instructions: overdue/due-soon list (hub)", median_ms(lambda: client.get(due), repeat=repeat), "ms", "< 200 ms"
    )
    report("instructions: overdue list queries", count_queries(lambda: client.get(due)), "queries", "constant")
    report(
        "instructions: overdue lists, query only",
        median_ms(lambda: queries.due_lists(editor, "hub"), repeat=repeat),
        "ms",
        "(info)",
    )
    index = "/instructions/"
    report("instructions: hub list page", median_ms(lambda: client.get(index), repeat=repeat), "ms", "< 200 ms")
    page = f"/commissions/{commission_id}/"
    report(
        f"commissions: commission page ({UNITS} targets, 50 a page; {n_commissions} commissions)",
        median_ms(lambda: client.get(page), repeat=repeat),
        "ms",
        "< 200 ms",
    )
    report("commissions: commission page queries", count_queries(lambda: client.get(page)), "queries", "constant")
    report(
        "commissions: hub list page", median_ms(lambda: client.get("/commissions/"), repeat=repeat), "ms", "< 200 ms"
    )

    # One pass of the reminder scan: 200 reminders due now among all those pending.
    pending = Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True).count()
    due_now = list(Reminder.objects.filter(key__startswith="instructions:", sent_at__isnull=True).order_by("id")[:200])
    Reminder.objects.filter(pk__in=[r.pk for r in due_now]).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    import time

    start = time.perf_counter()
    sent = send_due()
    elapsed = (time.perf_counter() - start) * 1000
    report(f"reminders: one scan pass ({sent} due among {pending} pending)", elapsed, "ms", "< 1000 ms")
    start = time.perf_counter()
    send_due()
    report(
        f"reminders: idle scan pass ({pending - len(due_now)} pending)",
        (time.perf_counter() - start) * 1000,
        "ms",
        "< 1000 ms",
    )


if __name__ == "__main__":
    main()
