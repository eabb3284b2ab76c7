"""The live board's rows, built in Python (xinbao/urgent/board.py): escaped, with the countdown's data."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xinbao.orgs.models import UnitChannel
from xinbao.urgent.testing import log, use_example

pytestmark = pytest.mark.django_db


def test_board_rows_escape_what_units_type_and_carry_the_countdown(city, login):  # type: ignore[no-untyped-def]
    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    use_example(city.county_hub, "province_emergency.yaml")
    now = timezone.now()
    event = log(
        city.officer,
        city.township,
        when=now - datetime.timedelta(minutes=30),
        occurred=now - datetime.timedelta(minutes=40),
        title='<script>alert("x")</script>油罐车侧翻',
        place="G205 & 新华路口",
    )
    client = login(city.county_editor)
    for name in ("urgent:board", "urgent:board_rows", "urgent:duty"):
        page = client.get(reverse(name)).content.decode()
        assert "<script>alert" not in page, name
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;油罐车侧翻" in page, name
        assert "G205 &amp; 新华路口" in page, name
        assert f'href="/urgent/{event.pk}/"' in page, name
        # 40 minutes after the event the phone report (30 minutes under this policy) is overdue: red
        assert 'class="table-danger"' in page and 'data-testid="countdown" class="xb-overdue">超时<' in page, name
