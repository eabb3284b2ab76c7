"""Background work of notify: outbound deliveries are sent after the action commits (the worker runs
the task; tests run it inline), so a slow or failing mail server never slows the user's click."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver(ids: list[int]) -> int:
    from .actions import send_deliveries

    return send_deliveries(ids)
