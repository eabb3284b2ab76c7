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
BATCH = 20_000


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


def _insert(model, rows: list[dict]) -> None:  # type: ignore[type-arg,no-untyped-def]
    """Plain INSERTs with explicit ids (a million rows in minutes, not hours): values go through each
    field's own conversion, so SQLite and PostgreSQL both get what Django would write."""
    from django.db import connection

    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one = f"({', '.join(['%s'] * len(fields))})"
    table = connection.ops.quote_name(model._meta.db_table)
    per = max(1, 30_000 // len(fields))  # multi-row VALUES: one round trip per ~1,000 rows (PostgreSQL)
    with connection.cursor() as cursor:
        for first in range(0, len(rows), per):
            chunk = rows[first : first + per]
            params = [f.get_db_prep_save(row[f.name], connection) for row in chunk for f in fields]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}", params)


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from xinbao.notify.models import Reminder
    from xinbao.urgent.models import Deadline, Event, Leg

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Event, Leg, Deadline, Reminder]):
            cursor.execute(statement)


def _events(city, count: int, *, open_: bool, now: datetime.datetime, start: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from xinbao.notify.models import Reminder
    from xinbao.urgent.models import Deadline, Event, Leg

    party = city.channels["party"].pk
    rules = {"phone": 15, "written": 35, "escalation": [{"after": 0, "to": "unit_signer"}]}
    minute = datetime.timedelta(minutes=1)
    kinds = ("phone", "written") if open_ else ("written",)
    steps = ("pre", "esc0", "esc1", "esc2") if open_ else ("esc0",)
    for first in range(0, count, BATCH):
        events, legs, deadlines, reminders = [], [], [], []
        for n in range(start + first, start + min(first + BATCH, count)):
            pk = n + 1
            at_county = open_ and n < BOARD
            occurred = now - (30 + n % 600) * minute
            unit = city.township.pk if at_county else city.township3.pk
            events.append(
                {
                    "id": pk,
                    "unit": unit,
                    "title": f"基准事件{pk}",
                    "event_type": "accident",
                    "severity": ("I", "II", "III", "IV")[n % 4],
                    "sensitive": False,
                    "place": "工业园",
                    "occurred_at": occurred,
                    "known_at": occurred,
                    "source": "",
                    "summary": "",
                    "intake": "",
                    "vertical_line": "",
                    "state": "open" if open_ else "closed",
                    "created_at": occurred,
                    "cancelled_reason": "",
                }
            )
            legs.append(
                {
                    "id": pk,
                    "event": pk,
                    "unit": unit,
                    "hub": city.county_hub.pk if at_county else city.county2_hub.pk,
                    "channel": party,
                    "rules": rules,
                    "clock_from": occurred,
                    "opened_at": occurred,
                    "closed_at": None if open_ else now,
                }
            )
            for k, kind in enumerate(kinds):
                dpk = pk * 2 + k
                due = occurred + (15 if kind == "phone" else 35) * minute
                deadlines.append(
                    {
                        "id": dpk,
                        "leg": pk,
                        "kind": kind,
                        "number": 0,
                        "due_at": due,
                        "state": "open" if open_ else "met",
                        "met_at": None if open_ else now,
                    }
                )
                for j, step in enumerate(steps):
                    reminders.append(
                        {
                            "id": dpk * 4 + j,
                            "key": f"urgent:d{dpk}:{step}",
                            "due_at": due + (j * 15 - 5) * minute,
                            "kind": "urgent.escalation",
                            "text": "紧急信息催报（基准）",
                            "email_text": "",
                            "url": "",
                            "audience": "urgent.signers",
                            "params": {"unit": city.township3.pk},
                            "created_at": now,
                            "sent_to": [],
                            "sent_at": None,
                            "cancelled_at": None if open_ else now,
                        }
                    )
        with transaction.atomic():
            _insert(Event, events)
            _insert(Leg, legs)
            _insert(Deadline, deadlines)
            _insert(Reminder, reminders)
        print(f"    {'open' if open_ else 'closed'} events: {first + len(events):,}/{count:,}", flush=True)


def _data(city, now: datetime.datetime) -> None:  # type: ignore[no-untyped-def]
    from xinbao.urgent.models import Event

    if Event.objects.exists():
        return
    _events(city, OPEN, open_=True, now=now, start=0)
    _events(city, CLOSED, open_=False, now=now, start=OPEN)
    _reset_sequences()
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
