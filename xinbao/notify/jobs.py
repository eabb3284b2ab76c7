"""Scheduled work of notify (autodiscovered by ``manage.py worker``): reminders due and deliveries to retry."""

from __future__ import annotations

from datetime import datetime, timedelta

from xinbao.core.schedule import register_job

from .actions import send_deliveries
from .reminders import send_due


def reminders_job(now: datetime) -> int:
    return send_due(now)


def deliveries_job(now: datetime) -> int:
    return send_deliveries(now=now)


register_job("notify.reminders", reminders_job, every=timedelta(minutes=1))
register_job("notify.deliveries", deliveries_job, every=timedelta(minutes=1))
