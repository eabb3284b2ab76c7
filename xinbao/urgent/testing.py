"""Helpers for tests of urgent and of the apps above it (a policy in force, an event logged at a time)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from xinbao.orgs.models import Unit, User

from . import actions, policies
from .models import Event, Policy

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 6) -> datetime.datetime:
    """A moment in local (Asia/Shanghai) time in June 2026."""
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def use_example(hub: Unit, name: str) -> Policy:
    """Put one of the shipped example policies in force at ``hub``."""
    text = policies.example_texts()[name]
    policy = actions.save_policy(None, hub=hub, text=text)
    return actions.activate_policy(None, policy)


def log(user: User | None, unit: Unit, *, when: datetime.datetime, occurred: datetime.datetime, **kw: Any) -> Event:
    """The quick log, made at ``when``."""
    values: dict[str, Any] = {
        "title": "城关镇化工厂火灾",
        "event_type": "accident",
        "severity": "II",
        "place": "城关镇工业园",
        "summary": "厂房起火，暂无人员伤亡报告",
        "source": "镇安监站",
    }
    values.update(kw)
    with time_machine.travel(when, tick=False):
        return actions.log_event(user, unit=unit, occurred_at=occurred, **values)


INITIAL_FULL = {
    "received_at": "10:05",
    "source": "镇安监站",
    "occurred": "10:00",
    "place": "城关镇工业园",
    "nature": "火灾",
    "scope": "厂区",
    "casualties": "无",
    "losses": "约50万元",
    "trend": "已控制",
    "leaders": "镇长到场",
    "measures": "消防扑救",
    "proposals": "无",
    "contact": "张三 13800000000",
}
FINAL_FULL = {"course": "经过", "cause": "电路老化", "result": "扑灭", "aftermath": "已安置", "lessons": "排查"}
