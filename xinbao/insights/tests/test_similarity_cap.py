"""A lookup's read is bounded however crowded its buckets are (docs/decisions/0017): the newest
``BUCKET_CAP`` items of each bucket, of those the ``MAX_CANDIDATES`` in most buckets; a true
near-duplicate in a crowded bucket is still found through the buckets it shares that are not crowded.

The crowd is made the way templated texts make it at a million items: other items whose band rows fall in
the probe's buckets, newer than the near-duplicate, their own signatures those of an unrelated text.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinbao.insights import minhash, similarity
from xinbao.insights.models import SimilarityBand
from xinbao.items.models import Item, ItemState, ItemVersion

from .test_similarity import BODY, EDITED, OTHER

pytestmark = pytest.mark.django_db

CAP = 3


@pytest.fixture
def capped(monkeypatch):
    monkeypatch.setattr(similarity, "BUCKET_CAP", CAP)
    monkeypatch.setattr(similarity, "MAX_CANDIDATES", 2 * CAP)


def _index(city, text: str, day: datetime.date, n: int = 1) -> list[int]:
    """``n`` items of the township with ``text``, indexed in the county hub's scope on ``day``."""
    unit = city.officer.unit
    items = Item.objects.bulk_create(
        [
            Item(unit=unit, author=city.officer, title=f"条目{k}", category="news", state=ItemState.SUBMITTED)
            for k in range(n)
        ]
    )
    ItemVersion.objects.bulk_create(
        [ItemVersion(item=i, number=1, title=i.title, body=text, editor=city.officer, submitted=True) for i in items]
    )
    similarity.index_entries([similarity.Entry(i.pk, unit.pk, day, True, text) for i in items])
    return [i.pk for i in items]


def _crowd(keys: list[int], items: list[int], day: datetime.date) -> None:
    """Put ``items`` into the buckets ``keys`` as well, on ``day``."""
    SimilarityBand.objects.bulk_create([SimilarityBand(bucket=k, day=day, item_id=pk) for k in keys for pk in items])


def _keys(city, text: str) -> list[int]:
    return minhash.band_keys(minhash.signature(text), [city.county_hub.pk])


def _rows_read(city, text: str, since: datetime.date) -> list[int]:
    sql, params = similarity.bucket_rows_sql(_keys(city, text), since)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def test_a_crowded_bucket_is_read_up_to_the_cap_and_the_near_duplicate_is_still_found(city, capped):
    today = timezone.localdate()
    since = today - datetime.timedelta(days=30)
    [original] = _index(city, BODY, today - datetime.timedelta(days=10))
    crowd = _index(city, OTHER, today, n=10)
    probe, mine = _keys(city, EDITED), set(_keys(city, BODY))
    shared = [k for k in probe if k in mine]
    assert len(shared) >= 4  # a true near-duplicate shares several of the probe's buckets
    # Ten newer items in every bucket of the probe but two of those it shares with the original.
    _crowd([k for k in probe if k not in shared[:2]], crowd, today)
    assert SimilarityBand.objects.filter(bucket=shared[2]).count() == 1 + len(crowd) > CAP

    rows = _rows_read(city, EDITED, since)
    assert len(rows) <= CAP * len(probe)  # however many items the buckets hold
    found = similarity._lookup(EDITED, [city.county_hub.pk], since)
    assert found.read <= 2 * CAP
    assert [pk for pk, score in found.scored if score >= similarity.DEFAULT_THRESHOLD] == [original]


def test_what_the_cap_gives_up_an_item_whose_every_shared_bucket_is_crowded_by_newer_ones(city, capped):
    """The trade-off written down in decision 0017: an older item is missed when every bucket it shares
    with the query holds more than ``BUCKET_CAP`` newer items of the window. Without the cap it is found."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=30)
    [original] = _index(city, BODY, today - datetime.timedelta(days=10))
    crowd = _index(city, OTHER, today, n=2 * CAP)
    _crowd(_keys(city, EDITED), crowd, today)
    assert similarity.candidates(EDITED, [city.county_hub.pk], since) == []
    similarity.BUCKET_CAP = similarity.MAX_CANDIDATES = 10_000
    assert [pk for pk, _s in similarity.candidates(EDITED, [city.county_hub.pk], since)] == [original]


def test_the_newest_of_a_crowded_bucket_are_read_within_the_window(city, capped):
    today = timezone.localdate()
    old = _index(city, OTHER, today - datetime.timedelta(days=40), n=5)
    new = _index(city, OTHER, today - datetime.timedelta(days=1), n=5)
    rows = _rows_read(city, OTHER, today - datetime.timedelta(days=30))
    assert not set(rows) & set(old)  # outside the window: never read
    assert set(rows) == set(new[-CAP:])  # the newest CAP (by day, then id) of each bucket


def test_a_lookup_takes_the_same_queries_whatever_the_crowd(city, capped):
    today = timezone.localdate()
    [original] = _index(city, BODY, today - datetime.timedelta(days=10))
    probe, mine = _keys(city, EDITED), set(_keys(city, BODY))
    similarity.similar_for(city.county_editor, "饮水安全", EDITED)  # what is read once per user (their roles)
    counts = []
    for n in (2, 20):
        _crowd([k for k in probe if k not in mine], _index(city, OTHER, today, n=n), today)
        with CaptureQueriesContext(connection) as queries:
            found = similarity.similar_for(city.county_editor, "饮水安全", EDITED)
        assert [m.item_id for m in found] == [original]
        counts.append(len(queries))
    assert counts[0] == counts[1]
