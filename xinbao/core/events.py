"""Domain events between apps: the producing app publishes, consumers (scoring, notify …) subscribe
in their ``AppConfig.ready``. Handlers run synchronously inside the producing action's transaction,
so "a writer sees points appear when an item is adopted" holds and a failure rolls both back.

Event names in use (payload keys):
- ``items.adopted`` (adoption)            – an Adoption row was recorded
- ``items.adoption_revoked`` (adoption)
- ``instructions.recorded`` (instruction) – a leader's 批示 was recorded
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Handler = Callable[..., None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def publish(event: str, **payload: Any) -> None:
    for handler in list(_subscribers[event]):
        handler(**payload)
