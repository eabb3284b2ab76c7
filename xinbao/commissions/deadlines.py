"""The guard of commission reminders: a unit that answered (or a cancelled commission) is not chased."""

from __future__ import annotations

from xinbao.notify import reminders
from xinbao.notify.models import Reminder

from .models import Commission
from .queries import answers_of


def _still_due(reminder: Reminder) -> bool:
    # key: commissions:c<commission>:u<unit>:<step>
    parts = reminder.key.split(":")
    if len(parts) != 4 or not parts[1][1:].isdigit() or not parts[2][1:].isdigit():
        return True
    commission_id, unit_id = int(parts[1][1:]), int(parts[2][1:])
    if not Commission.objects.filter(pk=commission_id, cancelled_at__isnull=True).exists():
        return False
    return not answers_of(commission_id, unit_id).exists()  # 合报 as a co-unit answers too


reminders.register_guard("commissions.", _still_due)
