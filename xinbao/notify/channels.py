"""Outbound channels: e-mail (SMTP, Django's mail backend) and webhooks (a JSON POST to an intranet
address). Each ``send_*`` raises ``ChannelError`` with a short reason when the far side refuses or does
not answer; the caller records it on the delivery and retries later."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail

if TYPE_CHECKING:
    from .models import Delivery

WEBHOOK_TIMEOUT_SECONDS = 5


class ChannelError(Exception):
    """A delivery failed; ``str(exc)`` says why (kept on the delivery, shown in the failure log)."""


def send_email(delivery: Delivery) -> None:
    body = f"{delivery.text}\n{_absolute(delivery.url)}".rstrip()
    try:
        send_mail(delivery.subject, body, None, [delivery.address], fail_silently=False)
    except Exception as exc:  # SMTP errors, refused connections, timeouts: all mean "try again later"
        raise ChannelError(f"{type(exc).__name__}: {exc}"[:500]) from exc


def webhook_payload(delivery: Delivery) -> bytes:
    data = {
        "kind": delivery.kind,
        "text": delivery.text,
        "url": _absolute(delivery.url),
        "at": delivery.created_at.isoformat() if delivery.created_at else "",
        "recipient": delivery.recipient.username if delivery.recipient else "",
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send_webhook(delivery: Delivery) -> None:
    body = webhook_payload(delivery)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "xinbao-webhook/1"}
    secret = delivery.endpoint.secret if delivery.endpoint else ""
    if secret:
        headers["X-Xinbao-Signature"] = signature(secret, body)
    request = urllib.request.Request(delivery.address, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ChannelError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"[:500]) from exc
    if not 200 <= status < 300:
        raise ChannelError(f"HTTP {status}")


def _absolute(url: str) -> str:
    base = getattr(settings, "XINBAO_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url
