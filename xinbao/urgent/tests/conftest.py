"""Fixtures of urgent's tests: notify's local SMTP server and HTTP receiver (never the internet)."""

from xinbao.notify.tests.conftest import smtp_server, webhook_receiver  # noqa: F401
