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
