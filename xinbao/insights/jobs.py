"""Scheduled work of insights (autodiscovered by ``manage.py worker``, docs/decisions/0005)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from xinbao.core.schedule import register_job


def alerts_job(now: datetime) -> dict[str, int]:
    from .alerts import run_all

    return run_all(now)


def retrain_job(now: datetime) -> int:
    from .suggest import retrain_all

    return retrain_all(now)


register_job("insights.alerts", alerts_job, every=timedelta(hours=1))
register_job("insights.retrain", retrain_job, daily_at=time(3, 0))
