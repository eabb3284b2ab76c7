"""Outbound channels: e-mail through a local SMTP server, webhooks to a local receiver, retries with
back-off, and a failing channel that never stops the others."""

from __future__ import annotations

import datetime
import hashlib
import hmac

import pytest
import time_machine
from django.utils import timezone

from xinbao.notify import actions
from xinbao.notify.models import Delivery, DeliveryState, Notification
from xinbao.orgs.models import User


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """``send(recipients, kind, text, …)``: notify as an action does, then "commit" — the deliveries
    leave after the transaction commits (the test's own transaction never does, so run them here)."""

    def do_send(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.notify(*args, **kwargs)

    return do_send


def _with_email(user: User, address: str) -> User:
    User.objects.filter(pk=user.pk).update(email=address)
    user.refresh_from_db()
    return user


def test_email_goes_through_smtp_after_commit(city, smtp_server, send):
    officer = _with_email(city.officer, "officer@qh.example")
    send([officer], "items.adopted", "收件箱里的文字", url="/items/1/", email_text="邮件里的文字")
    assert Notification.objects.get(recipient=officer).text == "收件箱里的文字"
    delivery = Delivery.objects.get(channel="email")
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message.rcpt_tos == ["officer@qh.example"]
    content = message.content.decode("utf-8", "replace")
    assert "收件箱里的文字" not in content  # the e-mail copy is the one without sensitive titles


def test_no_email_without_an_address_or_a_server(city, settings, send):
    settings.EMAIL_HOST = ""
    send([_with_email(city.officer, "a@b.example")], "items.adopted", "文字")
    assert not Delivery.objects.exists()
    assert Notification.objects.count() == 1


def test_webhook_of_the_recipients_unit_is_signed(city, webhook_receiver, send):
    endpoint = actions.save_endpoint(
        city.sysadmin, unit=city.township, name="城关镇机器人", url=webhook_receiver.url, secret="s3cret"
    )
    send([city.officer, city.county_editor], "items.returned", "退回修改", url="/items/9/")
    assert len(webhook_receiver.requests) == 1  # only the township's person goes to the township's robot
    headers, payload = webhook_receiver.requests[0]
    assert payload["kind"] == "items.returned" and payload["text"] == "退回修改"
    assert payload["recipient"] == city.officer.username
    body = Delivery.objects.get(endpoint=endpoint)
    from xinbao.notify.channels import webhook_payload

    expected = "sha256=" + hmac.new(b"s3cret", webhook_payload(body), hashlib.sha256).hexdigest()
    assert headers["X-Xinbao-Signature"] == expected


def test_webhook_kinds_filter(city, webhook_receiver, send):
    actions.save_endpoint(city.sysadmin, unit=city.township, name="只要紧急", url=webhook_receiver.url, kinds="urgent.")
    send([city.officer], "items.returned", "退回")
    send([city.officer], "urgent.deadline", "初报到时")
    assert [p["kind"] for _h, p in webhook_receiver.requests] == ["urgent.deadline"]


def test_a_failing_channel_retries_with_back_off_and_others_still_go(city, smtp_server, webhook_receiver, send):
    webhook_receiver.status = 500
    actions.save_endpoint(city.sysadmin, unit=city.township, name="坏的机器人", url=webhook_receiver.url)
    officer = _with_email(city.officer, "officer@qh.example")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send([officer], "items.adopted", "采用了")
    hook = Delivery.objects.get(channel="webhook")
    assert hook.state == DeliveryState.RETRYING and hook.attempts == 1 and "HTTP 500" in hook.last_error
    assert hook.next_attempt_at == start + actions.RETRY_DELAYS[0]
    assert Delivery.objects.get(channel="email").state == DeliveryState.SENT  # the mail went anyway
    assert len(smtp_server.messages) == 1
    # Not due yet: nothing is tried. Once due and the receiver is back, it goes.
    assert actions.send_deliveries(now=start + datetime.timedelta(seconds=30)) == 0
    webhook_receiver.status = 200
    assert actions.send_deliveries(now=start + datetime.timedelta(minutes=2)) == 1
    hook.refresh_from_db()
    assert hook.state == DeliveryState.SENT and hook.attempts == 2


def test_a_delivery_is_given_up_after_the_last_retry_and_can_be_requeued(city, webhook_receiver, send):
    webhook_receiver.status = 503
    actions.save_endpoint(city.sysadmin, unit=city.township, name="坏的机器人", url=webhook_receiver.url)
    send([city.officer], "items.adopted", "采用了")
    hook = Delivery.objects.get()
    moment = timezone.now()
    for delay in actions.RETRY_DELAYS:
        moment += delay + datetime.timedelta(seconds=1)
        actions.send_deliveries(now=moment)
    hook.refresh_from_db()
    assert hook.state == DeliveryState.FAILED and hook.attempts == len(actions.RETRY_DELAYS) + 1
    assert actions.send_deliveries(now=moment + datetime.timedelta(days=1)) == 0  # given up: never again
    webhook_receiver.status = 200
    actions.retry_delivery(city.sysadmin, hook)
    assert actions.send_deliveries(now=timezone.now() + datetime.timedelta(seconds=1)) == 1


def test_only_the_system_admin_manages_endpoints(city):
    from xinbao.core.errors import PermissionRefused

    for user in (city.secadmin, city.county_editor, city.officer):
        with pytest.raises(PermissionRefused):
            actions.save_endpoint(user, unit=city.township, name="x", url="http://127.0.0.1/")


def test_endpoint_url_must_be_http(city):
    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError, match="http"):
        actions.save_endpoint(city.sysadmin, unit=city.township, name="x", url="ftp://127.0.0.1/")


def test_channels_page_shows_states_not_texts(city, login, smtp_server, send):
    officer = _with_email(city.officer, "officer@qh.example")
    send([officer], "items.adopted", "收件箱", email_text="机密的邮件正文不应出现在日志页")
    client = login(city.sysadmin)
    html = client.get("/inbox/channels/").content.decode()
    assert "officer@qh.example" in html and "已发送" in html
    assert "机密的邮件正文" not in html
    assert login(city.county_editor).get("/inbox/channels/").status_code == 403
