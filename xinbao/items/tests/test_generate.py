from xinbao.items import queries
from xinbao.items.generate import generate_items
from xinbao.items.models import Adoption, Item, ItemState, Submission


def test_generated_items_are_consistent(city):
    assert generate_items(600, seed=3) == 600
    assert Item.objects.count() == 600
    submitted = Item.objects.filter(state__in=[ItemState.SUBMITTED, ItemState.RETURNED])
    roots = Submission.objects.filter(parent__isnull=True)
    assert roots.count() == submitted.count()
    for sub in Submission.objects.select_related("item")[:50]:
        assert queries.current_version(sub).title == sub.title
    forwarded = Submission.objects.filter(parent__isnull=False).select_related("parent")
    assert forwarded.exists()
    assert all(f.hub_id != f.parent.hub_id and f.parent.forwarded_at for f in forwarded)
    assert Adoption.objects.filter(credits__isnull=True).count() == 0
    assert queries.queue_counts(city.county_editor)["pending"] > 0


def test_items_made_after_generation_get_fresh_ids(city):
    from xinbao.items.testing import make_submitted_item

    generate_items(50, seed=1)
    sub = make_submitted_item(city)  # PostgreSQL's sequences were moved past the generated rows
    assert sub.item_id > max(Item.objects.exclude(pk=sub.item_id).values_list("pk", flat=True))
