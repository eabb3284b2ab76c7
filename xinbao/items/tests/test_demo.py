from xinbao.items import demo
from xinbao.items.models import Item, ItemState, Submission, SubmissionState
from xinbao.orgs import demo as org_demo


def test_demo_items_in_every_state(db):
    city = org_demo.build_demo_city()
    demo.extend_demo(city)
    item_states = set(Item.objects.values_list("state", flat=True))
    assert {ItemState.DRAFT, ItemState.PENDING_SIGNOFF, ItemState.SUBMITTED, ItemState.RETURNED} <= item_states
    assert set(Submission.objects.values_list("state", flat=True)) == set(SubmissionState.values)
    assert Submission.objects.filter(hub__code="JZ-SW").exists()  # forwarded to the city hub
