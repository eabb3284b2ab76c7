"""Urgent-reporting policies as data: parsing, validation (Chinese messages naming the field) and the
deadlines a policy gives an event.

A policy (YAML, see ``examples/`` and docs/user/urgent.md) says, per grade (I–IV, or ``any``): ``phone``
and ``written`` limits in minutes, counted from the event's occurred-at or known-at (``clock``); the
follow-up cadence (``followup: {every: hours}``, ``{at: ["08:00", "17:00"]}`` or ``{daily: "17:00"}``);
``final``: hours after the event is handled by which the 终报 is due; and the escalation steps
(``{after: minutes past the deadline, to: audience}``).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError

from .models import Severity

EXAMPLES = Path(__file__).resolve().parent / "examples"
GRADES = [str(s) for s in Severity.values]  # I, II, III, IV — strictest first
AUDIENCES = {
    "unit_signer": "单位签发人（主要负责人、分管领导）",
    "unit_reporters": "报告单位信息员",
    "hub_duty": "接报单位值班人员",
    "hub_staff": "接报单位信息科",
    "hub_chief": "接报单位信息科科长",
    "hub_director": "接报单位办公室主任",
    "hub_leader": "接报单位领导",
}
TOP_KEYS = {"name", "clock", "remind_before", "sensitive", "levels", "escalation", "review_before_forward", "note"}
LEVEL_KEYS = {"phone", "written", "followup", "final"}
# When no policy is active at a hub: the county office's example (20 min by phone, 40 in writing).
DEFAULT_EXAMPLE = "county_office.yaml"


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="text")


def _minutes(value: Any, where: str, *, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        kind = _("不小于0的整数") if allow_zero else _("正整数")
        raise _refuse(_("“%(w)s”应为%(k)s，而不是“%(v)s”。") % {"w": where, "k": kind, "v": value})
    return value


def _time_of_day(value: Any, where: str) -> str:
    text = str(value)
    try:
        parsed = datetime.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise _refuse(_("“%(w)s”应为“时:分”（如08:00），而不是“%(v)s”。") % {"w": where, "v": value}) from None
    return parsed.strftime("%H:%M")


def _followup(value: Any, where: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("every", "at", "daily"):
        raise _refuse(_('“%(w)s”应为 {every: 小时数}、{at: ["08:00", "17:00"]} 或 {daily: "17:00"}。') % {"w": where})
    key, inner = next(iter(value.items()))
    if key == "every":
        return {"every": _minutes(inner, f"{where}.every")}
    times = inner if isinstance(inner, list) else [inner]
    if not times:
        raise _refuse(_("“%(w)s”至少要有一个时间。") % {"w": where})
    return {"at": sorted({_time_of_day(t, f"{where}.{key}") for t in times})}


def _level(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(_("“%(w)s”应为一组时限。") % {"w": where})
    unknown = sorted(set(map(str, value)) - LEVEL_KEYS)
    if unknown:
        raise _refuse(
            _("未知字段“%(f)s”（“%(w)s”可用字段：%(k)s）。")
            % {"f": unknown[0], "w": where, "k": "、".join(sorted(LEVEL_KEYS))}
        )
    rules: dict[str, Any] = {}
    for key in ("phone", "written"):
        rules[key] = _minutes(value[key], f"{where}.{key}") if value.get(key) is not None else None
    rules["followup"] = _followup(value.get("followup"), f"{where}.followup")
    rules["final"] = _minutes(value["final"], f"{where}.final") if value.get("final") is not None else None
    return rules


def parse(text: str) -> dict[str, Any]:
    """The validated policy, or a ``DomainError`` saying which field is wrong."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _refuse(_("YAML 格式错误：%(e)s") % {"e": str(exc).splitlines()[0]}) from None
    if not isinstance(data, dict):
        raise _refuse(_("规则应为若干“字段: 值”。"))
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise _refuse(_("未知字段“%(f)s”（可用字段：%(k)s）。") % {"f": unknown[0], "k": "、".join(sorted(TOP_KEYS))})
    name = str(data.get("name") or "").strip()
    if not name:
        raise _refuse(_("请填写“name”（规则名称）。"))
    clock = data.get("clock", "occurred")
    if clock not in ("occurred", "known"):
        raise _refuse(_("“clock”应为 occurred（事发时间）或 known（获知时间），而不是“%(v)s”。") % {"v": clock})
    levels_in = data.get("levels")
    if not isinstance(levels_in, dict) or not levels_in:
        raise _refuse(_("请填写“levels”（各等级的时限）。"))
    levels: dict[str, Any] = {}
    for grade, value in levels_in.items():
        if str(grade) not in [*GRADES, "any"]:
            raise _refuse(_("未知的事件等级“%(g)s”（可用：I、II、III、IV、any）。") % {"g": grade})
        levels[str(grade)] = _level(value, f"levels.{grade}")
    sensitive = data.get("sensitive")
    if sensitive is not None and str(sensitive) not in GRADES:
        raise _refuse(_("“sensitive”应为 I、II、III 或 IV，而不是“%(v)s”。") % {"v": sensitive})
    steps = data.get("escalation") or []
    if not isinstance(steps, list):
        raise _refuse(_("“escalation”应为若干步骤。"))
    escalation = []
    for n, step in enumerate(steps, start=1):
        where = f"escalation[{n}]"
        if not isinstance(step, dict) or step.get("to") not in AUDIENCES:
            raise _refuse(_("“%(w)s.to”应为以下之一：%(a)s。") % {"w": where, "a": "、".join(AUDIENCES)})
        escalation.append(
            {"after": _minutes(step.get("after", 0), f"{where}.after", allow_zero=True), "to": step["to"]}
        )
    escalation.sort(key=lambda s: s["after"])
    return {
        "name": name[:100],
        "clock": clock,
        "remind_before": _minutes(data.get("remind_before", 0), "remind_before", allow_zero=True),
        "sensitive": str(sensitive) if sensitive is not None else None,
        "levels": levels,
        "escalation": escalation,
        "review_before_forward": bool(data.get("review_before_forward", False)),
        "note": str(data.get("note") or ""),
    }


def example_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.yaml"))}


def default_spec() -> dict[str, Any]:
    return parse((EXAMPLES / DEFAULT_EXAMPLE).read_text(encoding="utf-8"))


def rules_for(spec: dict[str, Any], severity: str, sensitive: bool) -> dict[str, Any]:
    """The limits for an event of ``severity``: its grade's (or ``any``), or — for a sensitive event —
    the stricter grade the policy names; no entry means no deadline (it is still reported)."""
    levels = spec["levels"]
    grade = severity
    if sensitive and spec.get("sensitive") and GRADES.index(spec["sensitive"]) < GRADES.index(severity):
        grade = spec["sensitive"]
    chosen = levels.get(grade) or levels.get("any") or {"phone": None, "written": None, "followup": None, "final": None}
    return {
        **chosen,
        "grade": grade,
        "clock": spec["clock"],
        "remind_before": spec["remind_before"],
        "escalation": spec["escalation"],
        "policy_name": spec["name"],
    }


def next_followup(
    rules: dict[str, Any], after: datetime.datetime, answered: datetime.datetime | None = None
) -> datetime.datetime | None:
    """When the next 续报 is due after a report at ``after`` that ``answered`` the 续报 due then (if any):
    N hours after the report, or the first fixed time of day (local time) past both — a report at 07:55
    answers the 08:00 one, so the next is 17:00; a report at 17:30 (late for 17:00) makes the next due
    at 08:00 the following morning."""
    cadence = rules.get("followup")
    if not cadence:
        return None
    if "every" in cadence:
        return after + datetime.timedelta(hours=cadence["every"])
    local = timezone.localtime(max(after, answered) if answered else after)
    zone = timezone.get_current_timezone()
    for offset in range(3):
        day = local.date() + datetime.timedelta(days=offset)
        for text in cadence["at"]:
            clock = datetime.datetime.strptime(text, "%H:%M").time()
            candidate = datetime.datetime.combine(day, clock, tzinfo=zone)
            if candidate > local:
                return candidate
    return None  # unreachable with at least one time of day


def describe(rules: dict[str, Any]) -> str:
    """One line for people, e.g. “电话15分钟、书面35分钟（从事发时间起算）；续报每天08:00、17:00前”."""
    parts = []
    if rules.get("phone"):
        parts.append(_("电话%(m)s分钟") % {"m": rules["phone"]})
    if rules.get("written"):
        parts.append(_("书面%(m)s分钟") % {"m": rules["written"]})
    clock = _("事发时间") if rules.get("clock") == "occurred" else _("获知时间")
    line = "、".join(parts) + (_("（从%(c)s起算）") % {"c": clock}) if parts else _("无时限要求")
    cadence = rules.get("followup")
    if cadence and "every" in cadence:
        line += _("；续报每%(h)s小时") % {"h": cadence["every"]}
    elif cadence:
        line += _("；续报每天%(t)s前") % {"t": "、".join(cadence["at"])}
    if rules.get("final"):
        line += _("；处置结束后%(h)s小时内终报") % {"h": rules["final"]}
    return line
