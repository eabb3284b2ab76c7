"""The bulk rebuild (benchmarks, imports, manage.py insights_reindex) writes exactly the rows that the
item-by-item tasks write, so lookups give the same answers whichever path built the index."""

from __future__ import annotations

import pytest
from django.db import connection

from xinbao.insights import similarity
from xinbao.insights.models import SimilarityBand, SimilaritySignature
from xinbao.insights.tasks import rebuild_items
from xinbao.items import actions
from xinbao.items.testing import make_submitted_item

from .test_similarity import BODY, EDITED, OTHER

pytestmark = pytest.mark.django_db


def _rows() -> tuple[list[tuple], list[tuple]]:
    sigs = sorted(
        (item, unit, day, submitted, bytes(sig), length)
        for item, unit, day, submitted, sig, length in SimilaritySignature.objects.values_list(
            "item_id", "unit_id", "day", "submitted", "signature", "length"
        )
    )
    bands = sorted(SimilarityBand.objects.values_list("bucket", "day", "item_id"))
    return sigs, bands


def _band_indexes() -> dict[str, list[str]]:
    table = SimilarityBand._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: c["columns"] for name, c in found.items() if c["index"] and not c["primary_key"]}


EXPECTED_INDEXES = {"insights_band_idx": ["bucket", "day", "item_id"], "insights_band_item_idx": ["item_id"]}


@pytest.fixture
def indexed(city, django_capture_on_commit_callbacks):
    """Items of three townships (two hubs' scopes) indexed one by one by the tasks after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        subs = [
            make_submitted_item(city, officer=city.officer, title="城关镇饮水安全工程", body=BODY),
            make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程", body=EDITED),
            make_submitted_item(city, officer=city.officer3, title="石桥镇森林防火", body=OTHER),
        ]
        actions.create_draft(city.officer, category="news", title="草稿", body=BODY + "草稿里新写的一段。")
    return [s.item_id for s in subs]


@pytest.mark.parametrize("bulk", [True, False])
def test_a_rebuild_writes_the_rows_the_tasks_wrote(city, indexed, bulk):
    by_tasks = _rows()
    assert len(by_tasks[0]) == 4 and len(by_tasks[1]) >= 4 * 32
    before = similarity.similar_for(city.county_editor, "饮水", EDITED)
    assert sorted(m.item_id for m in before) == indexed[:2]

    SimilarityBand.objects.all().delete()
    SimilaritySignature.objects.all().delete()
    assert similarity.similar_for(city.county_editor, "饮水", EDITED) == []
    assert rebuild_items(bulk=bulk) == 4

    assert _rows() == by_tasks
    assert _band_indexes() == EXPECTED_INDEXES
    assert similarity.similar_for(city.county_editor, "饮水", EDITED) == before


def test_a_bulk_rebuild_of_some_items_replaces_only_theirs(city, indexed):
    by_tasks = _rows()
    # The first item's rows are gone and the others' untouched before the rebuild puts them back.
    assert rebuild_items([indexed[0]], bulk=True) == 1
    assert _rows() == by_tasks


def test_an_interrupted_bulk_load_still_ends_with_the_indexes(city, indexed):
    def fail(done: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        rebuild_items(indexed, bulk=True, batch=1, progress=fail)
    assert _band_indexes() == EXPECTED_INDEXES
    # An index dropped by a process that died is put back by the next rebuild.
    similarity.drop_band_indexes()
    assert _band_indexes() == {}
    rebuild_items(indexed, bulk=True)
    assert _band_indexes() == EXPECTED_INDEXES
    assert _rows()[0] and len(_rows()[0]) == 4


def test_stray_bands_without_a_signature_are_ignored(city, indexed):
    """Band rows carry no database foreign key: rows of an item whose signature is gone return nothing."""
    SimilaritySignature.objects.filter(item_id__in=indexed[:2]).delete()
    assert similarity.similar_for(city.county_editor, "饮水", EDITED) == []
