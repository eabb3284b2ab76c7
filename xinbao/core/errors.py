"""Domain errors: raised by actions, shown to users as a clear Chinese message."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation. ``message`` is user-facing (translated) text."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class PermissionRefused(DomainError):
    """The user's roles or scope do not allow this operation."""


class InvalidTransition(DomainError):
    """The object's state does not allow this action (see the app's states.py)."""


class ConflictError(DomainError):
    """Somebody else changed the object first (optimistic concurrency)."""


# The one mapping from a refusal to an HTTP status, used by pages (core.views) and the API (api.api).
# The most specific class wins (a ConflictError is a DomainError too).
STATUS_OF: dict[type[DomainError], int] = {PermissionRefused: 403, ConflictError: 409, DomainError: 400}


def status_for(exc: DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400
