"""Explicit transition tables shared by every app's ``states.py``.

A table is ``{state: {action: next_state}}``. Anything not in the table is refused. Actions are named
by an app's ``TextChoices`` enum (value = the code, label = the Chinese verb), so a refusal reads
"当前状态“已报送”下不能执行“签发”" and never shows a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .errors import InvalidTransition

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

TransitionTable = Mapping[str, Mapping[str, str]]


def next_state(
    table: TransitionTable,
    state: str,
    action: str,
    *,
    labels: Mapping[str, str | StrPromise] | None = None,
    action_labels: Mapping[str, str | StrPromise] | None = None,
) -> str:
    """Return the state that ``action`` leads to from ``state`` or refuse with a message."""
    try:
        return table[state][action]
    except KeyError:
        shown = labels.get(state, state) if labels else state
        verb = getattr(action, "label", None) or (action_labels or {}).get(action) or _("此操作")
        raise InvalidTransition(
            _("当前状态“%(state)s”下不能执行“%(action)s”。") % {"state": shown, "action": verb}
        ) from None


def allowed_actions(table: TransitionTable, state: str) -> list[str]:
    return list(table.get(state, {}))
