"""The shape every write takes: ``@write_action`` on each function of an app's ``actions.py``.

It refuses read-only accounts (the audit admin, 三员分立) and runs the action in one transaction,
so that the change, its audit row and its notifications land together or not at all.

With ``settings.XINBAO_AUDIT_GUARD`` on (the test suite turns it on), an action that changes business
data without writing an audit row fails: every call made anywhere in the tests checks the habit
"every write is audited", for every app, without a hand-kept list of cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .errors import PermissionRefused

# The acting user (U), the rest of the arguments (P) and the result (R) keep the action's own types.
U = TypeVar("U")
P = ParamSpec("P")
R = TypeVar("R")


def refuse_read_only(user: Any) -> None:
    if user is not None and getattr(user, "is_read_only", False):
        raise PermissionRefused(_("审计管理员只能查阅审计记录，不能修改任何数据。"))


AUDIT_TABLE = "audit_auditrecord"
# Bookkeeping written alongside actions, not business data: messages and their deliveries (caused by an
# audited action), who is looking at a submission (presence), background task rows, the audit chain head.
UNAUDITED_TABLES = frozenset(
    {
        "notify_notification",
        "notify_delivery",
        "notify_reminder",
        "items_presence",
        "django_tasks_database_dbtaskresult",
    }
)
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class _TablesWritten:
    """A connection execute wrapper noting the tables each INSERT/UPDATE/DELETE touches."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if match := _WRITE.match(sql):
            self.tables.add(match.group(1).lower())
        return execute(sql, params, many, context)


_guarding: ContextVar[bool] = ContextVar("xinbao_audit_guard", default=False)


def _run_guarded(func: Callable[..., Any], user: Any, args: Any, kwargs: Any) -> Any:
    """Check the outermost action only: it owns the transaction, and one audit row may cover the
    nested writes (a bulk generation audits one summary row for its batches)."""
    if _guarding.get():
        return func(user, *args, **kwargs)
    written = _TablesWritten()
    token = _guarding.set(True)
    try:
        with connection.execute_wrapper(written):
            result = func(user, *args, **kwargs)
    finally:
        _guarding.reset(token)
    business = written.tables - UNAUDITED_TABLES - {AUDIT_TABLE}
    if business and AUDIT_TABLE not in written.tables:
        raise AssertionError(f"{func.__module__}.{func.__name__} wrote {sorted(business)} without an audit row")
    return result


def write_action(func: Callable[Concatenate[U, P], R]) -> Callable[Concatenate[U, P], R]:
    """Decorate an action whose first argument is the acting user (``None`` = the system)."""

    @wraps(func)
    def wrapper(user: U, *args: P.args, **kwargs: P.kwargs) -> R:
        refuse_read_only(user)
        with transaction.atomic():
            if getattr(settings, "XINBAO_AUDIT_GUARD", False):
                return _run_guarded(func, user, args, kwargs)
            return func(user, *args, **kwargs)

    return wrapper


def own_account_action(func: Callable[Concatenate[U, P], R]) -> Callable[Concatenate[U, P], R]:
    """Like ``write_action`` for the few writes a person makes on their own account only
    (changing their own password): allowed to every account, the read-only audit admin
    included, because a password they could never change would itself break the rules."""

    @wraps(func)
    def wrapper(user: U, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            return func(user, *args, **kwargs)

    return wrapper
