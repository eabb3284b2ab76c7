"""Per-request context (client IP, request id) that actions read when they write audit rows."""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
