"""Every write of insights: the hub's word lists and settings (audited), and alerts (sent once each).

Insights writes only its own tables; what it tells people goes through ``send`` — the one function
that delivers (today ``notify.actions.notify``: inbox, and e-mail when configured).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.notify.actions import notify
from xinbao.orgs import duties

from . import settings_for
from .models import Alert, HubSettings, HubTerm, TermKind

if TYPE_CHECKING:
    import datetime

    from xinbao.orgs.models import Unit, User

SETTING_FIELDS = ("inactive_days", "chase_days", "vacancy_days", "similar_days")
SETTING_LIMITS = {"inactive_days": (1, 365), "chase_days": (1, 60), "vacancy_days": (1, 365), "similar_days": (1, 365)}


def _require_staff(user: User | None, hub: Unit) -> None:
    duties.require(duties.is_hub_staff(user, hub), _("只有该汇总单位的信息科人员可以修改。"))


def settings_of(hub: Unit) -> HubSettings:
    return settings_for(hub)


def _setting_label(name: str) -> str:
    field = HubSettings._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name  # every setting is a plain field


@write_action
def save_settings(user: User | None, hub: Unit, values: Mapping[str, Any]) -> HubSettings:
    _require_staff(user, hub)
    clean: dict[str, int] = {}
    for name in SETTING_FIELDS:
        raw = str(values.get(name, "")).strip()
        low, high = SETTING_LIMITS[name]
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            label = _setting_label(name)
            raise DomainError(_("“%(f)s”应为%(a)s到%(b)s之间的整数。") % {"f": label, "a": low, "b": high}, field=name)
        clean[name] = int(raw)
    row, _created = HubSettings.objects.get_or_create(hub=hub)
    old = {k: getattr(row, k) for k in SETTING_FIELDS}
    for key, value in clean.items():
        setattr(row, key, value)
    row.save()
    record(user, "insights.save_settings", row, old=old, new=clean)
    return row


@write_action
def add_term(user: User | None, hub: Unit, kind: str, text: str, note: str = "") -> HubTerm:
    """Add a word to one of the hub's lists (dictionary, sensitive expressions, 报送要点)."""
    _require_staff(user, hub)
    text, note = (text or "").strip(), (note or "").strip()
    if kind not in TermKind.values:
        raise DomainError(_("请选择词表类别。"), field="kind")
    if not text:
        raise DomainError(_("请填写词语。"), field="text")
    if len(text) > 100 or len(note) > 200:
        raise DomainError(_("词语不能超过100个字，说明不能超过200个字。"), field="text")
    if kind == TermKind.DICTIONARY and (" " in text or len(text) > 20):
        raise DomainError(_("分词词典的词语不能含空格，且不超过20个字。"), field="text")
    if HubTerm.objects.filter(hub=hub, kind=kind, text=text, deleted_at__isnull=True).exists():
        raise DomainError(_("“%(t)s”已在词表中。") % {"t": text}, field="text")
    term = HubTerm.objects.create(hub=hub, kind=kind, text=text, note=note, created_by=user)
    if kind == TermKind.DICTIONARY:
        from .text import add_words

        add_words([text])
    record(user, "insights.add_term", term, new={"kind": kind, "text": text})
    return term


@write_action
def remove_term(user: User | None, hub: Unit, term_id: int) -> HubTerm:
    """Soft-delete a word (kept, marked deleted; the audit row says who)."""
    _require_staff(user, hub)
    term = HubTerm.objects.filter(hub=hub, pk=term_id, deleted_at__isnull=True).first()
    if term is None:
        raise DomainError(_("该词语不存在或已删除。"))
    term.deleted_at = timezone.now()
    term.save(update_fields=["deleted_at"])
    record(user, "insights.remove_term", term, old={"kind": term.kind, "text": term.text})
    return term


# --- Alerts ----------------------------------------------------------------------------------------------------


def send(recipients: Iterable[Any], kind: str, text: str, url: str = "") -> int:
    """The one place insights delivers a message (inbox, and e-mail when configured). Alert texts never
    carry an item's title, so the e-mail copy is the same text."""
    people = [p for p in recipients if p is not None]
    notify(people, kind, text, url=url, email_text=text)
    return len({p.pk for p in people if p.is_active})


@write_action
def raise_alert(
    user: User | None,
    *,
    kind: str,
    key: str,
    hub: Unit,
    unit: Unit | None,
    period: tuple[datetime.date, datetime.date],
    reason: str,
    recipients: Iterable[Any],
    url: str = "",
) -> Alert | None:
    """Record and send an alert once for ``key`` (one condition in one period); None if already sent.

    The row is written first under the unique key: a second worker (or a second run) fails to insert it
    and sends nothing, so nobody is told twice."""
    if Alert.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                kind=kind,
                key=key,
                hub=hub,
                unit=unit,
                period_start=period[0],
                period_end=period[1],
                reason=reason[:500],
                sent_at=timezone.now(),
            )
    except IntegrityError:
        return None
    alert.recipients = send(recipients, f"insights.{kind}", reason, url)
    alert.save(update_fields=["recipients"])
    record(user, "insights.alert", alert, new={"kind": kind, "key": key, "recipients": alert.recipients})
    return alert
