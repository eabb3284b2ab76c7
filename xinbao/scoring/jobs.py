"""Scheduled work of scoring (autodiscovered by ``manage.py worker``): draft notices at period end."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from xinbao.core.schedule import register_job

from .notice_actions import generate_due_notices


def notices_job(now: datetime) -> int:
    return len(generate_due_notices(timezone.localdate(now)))


register_job("scoring.notices", notices_job, daily_at=time(2, 0))
