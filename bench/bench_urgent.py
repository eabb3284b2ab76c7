"""Urgent benchmark: the deadline worker's pass and the hub's live board.

Data (made once, in bulk, in its own SQLite file or in ``DATABASE_URL``): the small test city; 10,000
open events (each a leg, phone and written deadlines, and their pending reminder and three escalation
steps: 80,000 pending reminders) and 1,000,000 closed ones (each a closed leg, a met deadline and its
cancelled reminder) — ``SCALE=small``: 1,000 and 20,000. 500 of the open events are at the county hub
(the board); 50 reminders fall due in the measured minute.
Targets (issue 11): a worker pass under 1 s; the board with 500 open events under 200 ms with a
constant number of queries.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, client_for, count_queries, median_ms, report, scale, setup_django, sized

OPEN = sized(10_000, 1_000)
CLOSED = sized(1_000_000, 20_000)
BOARD = 500
DUE_NOW = 50
BATCH = 5_000


def _database() -> None:
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / "bench" / f"urgent-{scale()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _city():  # type: ignore[no-untyped-def]
    from xinbao.orgs.models import Channel, Unit, User
    from xinbao.orgs.testing import PEOPLE, UNITS, SmallCity, build_small_city

    if not Unit.objects.filter(code="QH-SW").exists():
        return build_small_city()
    units = {key: Unit.objects.get(code=code) for key, code, *_rest in UNITS}
    people = {p.username: p for p in User.objects.filter(username__in=[row[0] for row in PEOPLE])}
    return SmallCity(units=units, people=people, channels={c.code: c for c in Channel.objects.all()})


def _bulk(model, rows):  # type: ignore[no-untyped-def]
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _events(city, count: int, *, open_: bool, now: datetime.datetime, start: int) -> None:  # type: ignore[no-untyped-def]
    from xinbao.notify.models import Reminder
    from xinbao.urgent.models import Deadline, Event, Leg

    party = city.channels["party"]
    rules = {"phone": 15, "written": 35, "escalation": [{"after": 0, "to": "unit_signer"}]}
    minute = datetime.timedelta(minutes=1)
    for first in range(0, count, BATCH):
        n = min(BATCH, count - first)
        at_county = [open_ and (start + first + i) < BOARD for i in range(n)]
        occurred = [now - (30 + (first + i) % 600) * minute for i in range(n)]
        events = _bulk(
            Event,
            [
                Event(
                    unit=city.township if at_county[i] else city.township3,
                    title=f"基准事件{start + first + i}",
                    event_type="accident",
                    severity=("I", "II", "III", "IV")[i % 4],
                    place="工业园",
                    occurred_at=occurred[i],
                    known_at=occurred[i],
                    state="open" if open_ else "closed",
                )
                for i in range(n)
            ],
        )
        if not events[0].pk:  # databases that do not return ids from bulk inserts
            events = list(Event.objects.order_by("-id")[:n])[::-1]
        legs = _bulk(
            Leg,
            [
                Leg(
                    event=e,
                    unit_id=e.unit_id,
                    hub=city.county_hub if at_county[i] else city.county2_hub,
                    channel=party,
                    rules=rules,
                    clock_from=e.occurred_at,
                    closed_at=None if open_ else now,
                )
                for i, e in enumerate(events)
            ],
        )
        if not legs[0].pk:
            legs = list(Leg.objects.order_by("-id")[:n])[::-1]
        kinds = ("phone", "written") if open_ else ("written",)
        deadlines = _bulk(
            Deadline,
            [
                Deadline(
                    leg=leg,
                    kind=kind,
                    due_at=leg.clock_from + (15 if kind == "phone" else 35) * minute + 600 * minute,
                    state="open" if open_ else "met",
                    met_at=None if open_ else now,
                )
                for leg in legs
                for kind in kinds
            ],
        )
        if not deadlines[0].pk:
            deadlines = list(Deadline.objects.order_by("-id")[: len(deadlines)])[::-1]
        reminders = []
        for d in deadlines:
            steps = ("pre", "esc0", "esc1", "esc2") if open_ else ("esc0",)
            for k, step in enumerate(steps):
                reminders.append(
                    Reminder(
                        key=f"urgent:d{d.pk}:{step}",
                        due_at=d.due_at + (k * 15 - 5) * minute,
                        kind="urgent.escalation",
                        text="紧急信息催报（基准）",
                        audience="urgent.signers",
                        params={"unit": city.township3.pk},
                        cancelled_at=None if open_ else now,
                    )
                )
        _bulk(Reminder, reminders)
        print(f"    {'open' if open_ else 'closed'} events: {first + n:,}/{count:,}", flush=True)


def _data(city, now: datetime.datetime) -> None:  # type: ignore[no-untyped-def]
    from xinbao.urgent.models import Event

    if Event.objects.exists():
        return
    _events(city, OPEN, open_=True, now=now, start=0)
    _events(city, CLOSED, open_=False, now=now, start=OPEN)


def main() -> None:
    _database()
    setup_django()
    from django.utils import timezone

    from xinbao.notify.models import Reminder
    from xinbao.notify.reminders import send_due

    print(f"urgent benchmark ({OPEN:,} open events, {CLOSED:,} closed)", flush=True)
    city = _city()
    now = timezone.now().replace(second=0, microsecond=0)
    _data(city, now)
    pending = Reminder.objects.filter(sent_at__isnull=True, cancelled_at__isnull=True)
    # The measured minute: DUE_NOW pending reminders fall due, the rest lie in the future.
    pending.update(due_at=now + datetime.timedelta(days=1))
    due_ids = list(pending.order_by("id").values_list("id", flat=True)[:DUE_NOW])

    def arm() -> None:
        Reminder.objects.filter(pk__in=due_ids).update(due_at=now, sent_at=None, sent_to=[])

    def a_pass() -> int:
        return send_due(now)

    arm()
    assert a_pass() == DUE_NOW
    from xinbao.notify.models import Notification

    times = []
    import time

    for _ in range(sized(7, 5)):
        arm()
        start = time.perf_counter()
        a_pass()
        times.append((time.perf_counter() - start) * 1000)
    Notification.objects.filter(kind="urgent.escalation").delete()
    times.sort()
    report(f"urgent: worker pass, {DUE_NOW} reminders due", times[len(times) // 2], "ms", "< 1000 ms")
    report("urgent: worker pass, nothing due", median_ms(a_pass, repeat=sized(15, 5)), "ms", "< 1000 ms")
    client = client_for(city.county_editor)
    report(
        f"urgent: hub board, {BOARD} open events",
        median_ms(lambda: client.get("/urgent/board/"), repeat=sized(9, 5)),
        "ms",
        "< 200 ms",
    )
    report("urgent: hub board queries", count_queries(lambda: client.get("/urgent/board/")), "queries", "constant")
    report(
        "urgent: board rows refresh (htmx)",
        median_ms(lambda: client.get("/urgent/board/rows/"), repeat=sized(9, 5)),
        "ms",
        "< 200 ms",
    )


if __name__ == "__main__":
    main()
