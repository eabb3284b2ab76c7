"""Urgent reminders through every channel (a local SMTP server and a local HTTP receiver): the inbox
names the event; e-mail and the IM robot never name a sensitive one."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command

from xinbao.notify import actions as notify_actions
from xinbao.notify.models import Delivery, DeliveryState, Notification
from xinbao.orgs.models import UnitChannel, User
from xinbao.urgent.testing import at, log, use_example

pytestmark = pytest.mark.django_db


def test_sensitive_escalation_by_inbox_email_and_webhook(
    city, smtp_server, webhook_receiver, django_capture_on_commit_callbacks
):
    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    User.objects.filter(pk=city.signer.pk).update(email="signer@qh.example")
    notify_actions.save_endpoint(
        city.sysadmin, unit=city.township, name="城关镇机器人", url=webhook_receiver.url, kinds="urgent."
    )
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(
        city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), sensitive=True, title="某群体聚集上访"
    )
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(at(1, 10, 36), tick=False):
        call_command("worker", "--once", "--no-tasks")
    inbox = Notification.objects.get(recipient=city.signer, kind="urgent.escalation")
    assert "某群体聚集上访" in inbox.text
    assert Delivery.objects.filter(kind="urgent.escalation", state=DeliveryState.SENT).count() == 2
    mail = smtp_server.messages[0].content.decode("utf-8", "replace")
    assert smtp_server.messages[0].rcpt_tos == ["signer@qh.example"]
    _headers, payload = webhook_receiver.requests[-1]
    assert payload["kind"] == "urgent.escalation" and f"编号{event.pk}" in payload["text"]
    assert "某群体聚集上访" not in payload["text"] and "某群体聚集上访" not in mail
