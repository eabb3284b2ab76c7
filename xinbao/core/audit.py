"""The audit hook for the apps below ``audit`` in the layer order (orgs).

``orgs`` writes audit rows but sits below the ``audit`` app (which reads people and duties from it).
It records through these functions; the audit app registers its writer here in ``AppConfig.ready``,
so no lower layer imports a higher one. Apps above ``audit`` may call ``xinbao.audit.actions`` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .plain import plain

if TYPE_CHECKING:
    from xinbao.orgs.models import User

Recorder = Callable[..., Any]
_writers: dict[str, Recorder] = {}


def register(*, record: Recorder, bulk_record: Recorder) -> None:
    _writers["record"], _writers["bulk_record"] = record, bulk_record


def _writer(name: str) -> Recorder:
    try:
        return _writers[name]
    except KeyError:  # the audit app is always installed; a missing writer is a configuration error
        raise RuntimeError("the audit app has not registered its writer (is xinbao.audit installed?)") from None


def record(actor: User | None, action: str, obj: Any = None, **kwargs: Any) -> Any:
    """One audit row, in the caller's transaction (see ``xinbao.audit.actions.record``)."""
    return _writer("record")(actor, action, obj, **kwargs)


def bulk_record(actor: User | None, action: str, objects: list[Any], fields: tuple[str, ...]) -> None:
    _writer("bulk_record")(actor, action, objects, fields)


def changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose value changed."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def snapshot(obj: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of ``obj`` as plain values, for old/new columns."""
    return {name: plain(getattr(obj, name)) for name in fields}
