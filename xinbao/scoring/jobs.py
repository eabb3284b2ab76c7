"""Scheduled work of scoring (autodiscovered by ``manage.py worker``): draft notices at period end, and
scoring tasks that failed or were lost enqueued again."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from xinbao.core.schedule import register_job

from .notice_actions import generate_due_notices


def notices_job(now: datetime) -> int:
    return len(generate_due_notices(timezone.localdate(now)))


register_job("scoring.notices", notices_job, daily_at=time(2, 0))


def pending_job(now: datetime) -> int:
    """Scoring tasks that failed or were lost: enqueue again what has waited more than five minutes."""
    from .tasks import requeue_stale

    return requeue_stale(now - timedelta(minutes=5))


register_job("scoring.pending", pending_job, every=timedelta(minutes=5))
