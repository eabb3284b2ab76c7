"""The shape every write takes: ``@write_action`` on each function of an app's ``actions.py``.

It refuses read-only accounts (the audit admin, 三员分立) and runs the action in one transaction,
so that the change, its audit row and its notifications land together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from .errors import PermissionRefused

# The acting user (U), the rest of the arguments (P) and the result (R) keep the action's own types.
U = TypeVar("U")
P = ParamSpec("P")
R = TypeVar("R")


def refuse_read_only(user: Any) -> None:
    if user is not None and getattr(user, "is_read_only", False):
        raise PermissionRefused(_("审计管理员只能查阅审计记录，不能修改任何数据。"))


def write_action(func: Callable[Concatenate[U, P], R]) -> Callable[Concatenate[U, P], R]:
    """Decorate an action whose first argument is the acting user (``None`` = the system)."""

    @wraps(func)
    def wrapper(user: U, *args: P.args, **kwargs: P.kwargs) -> R:
        refuse_read_only(user)
        with transaction.atomic():
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
