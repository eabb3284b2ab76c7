"""Live scoring: new adoptions, revocations and instructions (Django signals of the items and
instructions apps) are scored after their transaction commits, off the user's click: the handlers only
record which units' days need scoring (``tasks.schedule``); the ``score_event`` task does the work."""

from __future__ import annotations

import datetime
from typing import Any

from .tasks import schedule


def on_adoptions(adoptions: list[Any], **_: Any) -> None:
    """Each day's credited units at once (an issue's adoptions share their date: one row per unit)."""
    units_by_day: dict[datetime.date, set[int]] = {}
    for adoption in adoptions:
        units_by_day.setdefault(adoption.adopted_on, set()).update(c.unit_id for c in adoption.credits.all())
    for day, units in sorted(units_by_day.items()):
        schedule(units, day)


def on_adoption(adoption: Any, **_: Any) -> None:
    on_adoptions([adoption])


def on_instruction(instruction: Any, **_: Any) -> None:
    item = instruction.item
    if item is None:
        return
    from xinbao.items.queries import adoptions_between

    units = {item.unit_id, *item.co_units.values_list("pk", flat=True)}
    days = {instruction.instructed_on}
    # Rules may double an adoption's points when its item has a 批示 (稿酬): rescore those periods too.
    adoptions = adoptions_between(datetime.date.min, datetime.date.max).filter(item=item)
    for adoption in adoptions:
        days.add(adoption.adopted_on)
        units |= {c.unit_id for c in adoption.credits.all()}
    for day in sorted(days):
        schedule(units, day)


def connect() -> None:
    from xinbao.instructions.signals import instruction_recorded
    from xinbao.items.signals import adoption_revoked, item_adopted

    item_adopted.connect(on_adoptions, dispatch_uid="scoring.on_adoption")
    adoption_revoked.connect(on_adoption, dispatch_uid="scoring.on_revoked")
    instruction_recorded.connect(on_instruction, dispatch_uid="scoring.on_instruction")
