"""Reads naming very many items (a year's recompute at 1,000,000 items) stay under SQLite's limit of
32,766 parameters per statement: the list goes as one parameter (core.idlists)."""

from __future__ import annotations

from xinbao.core.idlists import IdList
from xinbao.items.policy import public_titles
from xinbao.items.testing import make_submitted_item
from xinbao.items.titles import titles_of


def test_titles_and_labels_for_more_ids_than_one_statement_may_carry(city):
    sub = make_submitted_item(city, title="城关镇秋粮收购")
    secret = make_submitted_item(city, title="某涉密事项", classification="secret")
    ids = [*range(10_000_000, 10_040_000), sub.item_id, secret.item_id]  # 40,002 ids, two real
    titles = titles_of(ids)
    assert titles == {sub.item_id: "城关镇秋粮收购", secret.item_id: "某涉密事项"}
    shown = public_titles({pk: "x" for pk in ids})
    assert len(shown) == len(ids) and shown[sub.item_id] == "x" and "某涉密事项" not in shown[secret.item_id]
    assert shown[secret.item_id] != "x"


def test_an_empty_list_matches_nothing(city):
    from xinbao.items.models import Item

    make_submitted_item(city)
    assert not Item.objects.filter(pk__in_ids=IdList([])).exists()
    assert Item.objects.filter(pk__in_ids=IdList([Item.objects.get().pk])).count() == 1


def test_ids_match_through_a_relation_and_excluded(city):
    from xinbao.items.models import Item, Submission

    subs = [make_submitted_item(city, title=f"第{n}条") for n in range(3)]
    wanted = [subs[0].item_id, subs[2].item_id, subs[2].item_id, 10_000_000]  # a repeat and a stranger
    through = Submission.objects.filter(item__pk__in_ids=IdList(wanted)).values_list("item_id", flat=True)
    assert sorted(through) == sorted([subs[0].item_id, subs[2].item_id])
    assert list(Item.objects.exclude(pk__in_ids=IdList(wanted)).values_list("pk", flat=True)) == [subs[1].item_id]


def test_public_titles_read_in_one_pass_label_what_the_two_pass_read_labels(city):
    from xinbao.items.models import Item
    from xinbao.items.policy import public_titles_of

    plain = make_submitted_item(city, title="城关镇秋粮收购")
    secret = make_submitted_item(city, title="某涉密事项", classification="secret")
    restricted = make_submitted_item(city, title="限定范围事项")
    Item.objects.filter(pk=restricted.item_id).update(readers="restricted")
    ids = [plain.item_id, secret.item_id, restricted.item_id, 10_000_000]
    shown = public_titles_of(ids)
    assert shown == public_titles(titles_of(ids))
    assert shown[plain.item_id] == "城关镇秋粮收购" and 10_000_000 not in shown
    assert "某涉密事项" not in shown[secret.item_id] and "限定范围事项" not in shown[restricted.item_id]
