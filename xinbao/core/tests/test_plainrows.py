"""Plain rows: what the driver gives, for reads of ~10^6 rows; dates converted once per value."""

from __future__ import annotations

import datetime

import pytest

from xinbao.core.plainrows import day, plain_rows
from xinbao.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_plain_rows_are_the_rows_django_reads(city):  # type: ignore[no-untyped-def]
    units = Unit.objects.order_by("id").values_list("id", "name")
    assert plain_rows(units) == list(units) and len(plain_rows(units)) > 3


def test_a_query_django_knows_is_empty_asks_nothing(django_assert_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert plain_rows(Unit.objects.filter(pk__in=[]).values_list("id")) == []


def test_a_day_is_a_date_whichever_the_driver_gives():  # type: ignore[no-untyped-def]
    assert day("2026-03-01") == day(datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)
