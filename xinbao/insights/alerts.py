"""Reminders and alerts, run by the worker (``jobs.py``). Each goes out once per condition and period
(``actions.raise_alert`` keeps a unique key per alert), and a unit can see why it was alerted.

- Inactivity: a member unit with no submission for N days (hub setting ``inactive_days``) — to the
  unit's signers and the hub's editors. The condition is "silent since the last submission on D", so
  a unit that reports again and falls silent again is alerted again, never twice for one silence.
- 催报: from ``chase_days`` before the end of the rule set's period, units below a quota are reminded
  with their numbers (once per unit, rule set and period).
- Vacancy: a member unit with no active officer for N days (``vacancy_days``), counted from the end
  of its last officer's assignment — to the unit's signers and the hub's editors.
- Weekly digest (Mondays): to the hub's editors and chiefs — what arrived last week, what waits, who
  is silent.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.items.models import SubmissionState
from xinbao.items.queries import submitted_items_between
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import OfficerAssignment, Unit, UnitChannel
from xinbao.orgs.roles import WRITERS, Role
from xinbao.scoring import periods
from xinbao.scoring import queries as scoring_queries

from . import actions, queries, settings_for
from .models import Alert, AlertKind

if TYPE_CHECKING:
    from xinbao.orgs.models import User

LONG_AGO = datetime.date(2000, 1, 1)


def hubs() -> list[Unit]:
    ids = UnitChannel.objects.filter(is_hub=True).values("unit_id")
    return list(Unit.objects.alive().filter(pk__in=ids).order_by("path"))


def _people(unit: Unit | int, *roles: str) -> list[User]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    found: dict[int, User] = {}
    for role in roles:
        for person in org_queries.users_with_role(role).filter(unit_id=unit_id, deleted_at__isnull=True):
            found[person.pk] = person
    return list(found.values())


def _members(hub: Unit) -> dict[int, Unit]:
    return {u.pk: u for u in org_queries.member_units(hub)}


# --- Inactivity ---------------------------------------------------------------------------------------------


def check_inactive(today: datetime.date) -> list[Alert]:
    sent = []
    for hub in hubs():
        days = settings_for(hub).inactive_days
        members = _members(hub)
        last = dict(
            submitted_items_between(LONG_AGO, today)
            .filter(unit_id__in=list(members))
            .order_by()
            .values("unit_id")
            .annotate(last=Max("submitted_at"))
            .values_list("unit_id", "last")
        )
        for unit_id, unit in members.items():
            at = last.get(unit_id)
            since = timezone.localdate(at) if at else timezone.localdate(unit.created_at)
            quiet = (today - since).days
            if quiet < days:
                continue
            if at:
                reason = _("%(u)s已%(d)s天未报送信息（最近一次报送在%(s)s），请及时报送。") % {
                    "u": unit.name,
                    "d": quiet,
                    "s": since.isoformat(),
                }
            else:
                reason = _("%(u)s自%(s)s起尚未报送过信息（已%(d)s天），请及时报送。") % {
                    "u": unit.name,
                    "d": quiet,
                    "s": since.isoformat(),
                }
            reason = _from(hub, reason)
            alert = actions.raise_alert(
                None,
                kind=AlertKind.INACTIVE,
                key=f"inactive:{hub.pk}:{unit_id}:{since.isoformat()}",
                hub=hub,
                unit=unit,
                period=(since, today),
                reason=reason,
                recipients=_people(unit, Role.SIGNER) + _people(hub, Role.HUB_EDITOR),
                url="/insights/alerts/",
            )
            if alert:
                sent.append(alert)
    return sent


def _from(hub: Unit, reason: str) -> str:
    """A unit reporting to two hubs hears from each: the message says which."""
    return _("【%(h)s】%(r)s") % {"h": hub.name, "r": reason}


# --- 催报 ----------------------------------------------------------------------------------------------------


def check_chase(today: datetime.date) -> list[Alert]:
    sent = []
    for rule_set in scoring_queries.active_rule_sets(today):
        spec = rule_set.active_version.spec if rule_set.active_version else {}
        if not spec.get("quotas"):
            continue
        period = periods.containing(spec.get("period", "year"), today)
        lead = settings_for(rule_set.hub).chase_days
        if not period.end - datetime.timedelta(days=lead) <= today <= period.end:
            continue
        scope = queries.Scope(rule_set.hub, period, rule_set.channel)
        _period, rows = queries.quota_rows(scope)
        short: dict[int, list[queries.QuotaRow]] = {}
        for row in rows:
            if row.missing > 0:
                short.setdefault(row.unit_id, []).append(row)
        for unit_id, unit_rows in short.items():
            what = {"submitted": _("报送"), "adopted": _("被采用")}
            lines = "；".join(
                _("%(q)s：%(w)s%(d)s条，任务%(t)s条，还差%(m)s条")
                % {"q": r.quota, "w": what.get(r.count, r.count), "d": r.done, "t": r.target, "m": r.missing}
                for r in unit_rows
            )
            reason = _("【催报】%(r)s%(p)s将于%(e)s截止。%(l)s。") % {
                "r": rule_set.name,
                "p": period.label,
                "e": period.end.isoformat(),
                "l": lines,
            }
            alert = actions.raise_alert(
                None,
                kind=AlertKind.CHASE,
                key=f"chase:{rule_set.pk}:{period.code}:{unit_id}",
                hub=rule_set.hub,
                unit=Unit.objects.get(pk=unit_id),
                period=(period.start, period.end),
                reason=reason,
                recipients=_people(unit_id, *WRITERS, Role.SIGNER),
                url="/insights/alerts/",
            )
            if alert:
                sent.append(alert)
    return sent


# --- Vacancy ----------------------------------------------------------------------------------------------------


def check_vacancy(today: datetime.date) -> list[Alert]:
    sent = []
    for hub in hubs():
        days = settings_for(hub).vacancy_days
        vacant = list(org_queries.vacancies(hub))
        ended = dict(
            OfficerAssignment.objects.filter(unit__in=vacant)
            .values("unit_id")
            .annotate(last=Max("end_date"))
            .values_list("unit_id", "last")
        )
        for unit in vacant:
            since = ended.get(unit.pk) or timezone.localdate(unit.created_at)
            if (today - since).days < days:
                continue
            reason = _("%(u)s自%(s)s起没有在岗信息员（已%(d)s天），请尽快确定并备案。") % {
                "u": unit.name,
                "s": since.isoformat(),
                "d": (today - since).days,
            }
            reason = _from(hub, reason)
            alert = actions.raise_alert(
                None,
                kind=AlertKind.VACANCY,
                key=f"vacancy:{hub.pk}:{unit.pk}:{since.isoformat()}",
                hub=hub,
                unit=unit,
                period=(since, today),
                reason=reason,
                recipients=_people(unit, Role.SIGNER) + _people(hub, Role.HUB_EDITOR),
                url="/insights/alerts/",
            )
            if alert:
                sent.append(alert)
    return sent


# --- Weekly digest -----------------------------------------------------------------------------------------------


def check_digest(today: datetime.date) -> list[Alert]:
    """On Monday (or the first run after it in the same week): last week's figures to each hub."""
    from xinbao.items.queries import QueueFilters, screenable_submissions

    week = periods.containing("week", today - datetime.timedelta(days=7))
    sent = []
    for hub in hubs():
        scope = queries.Scope(hub, week)
        summary = queries.summary(scope)
        silent = queries.silent_units(scope).rows
        readers = _people(hub, Role.HUB_CHIEF, Role.HUB_DIRECTOR) or _people(hub, Role.HUB_EDITOR)
        pending = QueueFilters(state=SubmissionState.PENDING)
        waiting_count = screenable_submissions(readers[0], pending).count() if readers else 0
        names = "、".join(str(r[0]) for r in silent[:10]) or _("无")
        more = _("等%(n)s个单位") % {"n": len(silent)} if len(silent) > 10 else ""
        reason = _(
            "【每周摘要】%(w)s：收到%(u)s个单位报送信息%(s)s条，采用%(a)s条；待处理%(p)s条；长期未报送：%(n)s%(m)s。"
        ) % {
            "w": week.label,
            "u": summary["reporting_units"],
            "s": summary["submitted"],
            "a": summary["adopted"],
            "p": waiting_count,
            "n": names,
            "m": more,
        }
        alert = actions.raise_alert(
            None,
            kind=AlertKind.DIGEST,
            key=f"digest:{hub.pk}:{week.code}",
            hub=hub,
            unit=None,
            period=(week.start, week.end),
            reason=reason,
            recipients=_people(hub, Role.HUB_EDITOR, Role.HUB_CHIEF),
            url="/insights/",
        )
        if alert:
            sent.append(alert)
    return sent


def run_all(now: datetime.datetime) -> dict[str, int]:
    today = timezone.localdate(now)
    return {
        "inactive": len(check_inactive(today)),
        "chase": len(check_chase(today)),
        "vacancy": len(check_vacancy(today)),
        "digest": len(check_digest(today)),
    }


def alerts_for(user: Any) -> Any:
    """The alerts a person may see: their unit's, and for hub staff their hub's."""
    from xinbao.orgs import duties

    if not duties.is_business_user(user):
        return Alert.objects.none()
    condition = Q(unit_id=user.unit_id)
    if duties.is_hub_staff(user, user.unit_id) or duties.is_leader(user, user.unit_id):
        condition |= Q(hub_id=user.unit_id)
    return Alert.objects.filter(condition).select_related("unit", "hub").order_by("-sent_at", "-id")
