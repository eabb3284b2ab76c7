"""Reads naming very many items (a year's recompute at 1,000,000 items) stay under SQLite's limit of
32,766 parameters per statement: they go in batches and give the same answer as one read."""

from __future__ import annotations

from xinbao.core.batches import in_batches
from xinbao.items.policy import public_titles
from xinbao.items.testing import make_submitted_item
from xinbao.items.titles import titles_of


def test_batches_cover_every_value_once_in_order():
    values = list(range(12))
    assert [list(b) for b in in_batches(values, 5)] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]
    assert list(in_batches([], 5)) == []


def test_titles_and_labels_for_more_ids_than_one_statement_may_carry(city):
    sub = make_submitted_item(city, title="城关镇秋粮收购")
    secret = make_submitted_item(city, title="某涉密事项", classification="secret")
    ids = [*range(10_000_000, 10_040_000), sub.item_id, secret.item_id]  # 40,002 ids, two real
    titles = titles_of(ids)
    assert titles == {sub.item_id: "城关镇秋粮收购", secret.item_id: "某涉密事项"}
    shown = public_titles({pk: "x" for pk in ids})
    assert len(shown) == len(ids) and shown[sub.item_id] == "x" and "某涉密事项" not in shown[secret.item_id]
    assert shown[secret.item_id] != "x"
