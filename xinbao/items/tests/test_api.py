"""The items API: the lifecycle with the same permissions as the pages; 越级 impossible."""

from __future__ import annotations

import json

from django.test import Client

from xinbao.api import actions as api_actions
from xinbao.items.models import Item, ItemState, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item


def api(user):
    key = api_actions.issue_token(user, "测试")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_lifecycle_through_the_api(city):
    officer = api(city.officer)
    created = post(
        officer,
        "/api/items/items",
        {"category": "news", "title": "城关镇动态", "body": "正文", "writer_name": "王", "writer_phone": "123"},
    )
    assert created.status_code == 201
    item_id = created.json()["id"]
    assert (
        post(officer, f"/api/items/items/{item_id}/submit", {"channels": ["party"]}).json()["state"]
        == "pending_signoff"
    )
    assert post(api(city.signer2), f"/api/items/items/{item_id}/sign").status_code == 404  # not theirs to see
    subs = post(api(city.signer), f"/api/items/items/{item_id}/sign").json()
    assert [s["hub_id"] for s in subs] == [city.county_hub.pk]
    editor = api(city.county_editor)
    sub_id = subs[0]["id"]
    assert editor.get("/api/items/queue").json()["count"] == 1
    assert editor.get("/api/items/queue/counts").json()["pending"] == 1
    returned = post(editor, f"/api/items/submissions/{sub_id}/return", {"reason": ""})
    assert returned.status_code == 400 and "理由" in returned.json()["detail"]
    adopted = post(editor, f"/api/items/submissions/{sub_id}/adopt", {"revision": 0})
    assert adopted.status_code == 200 and adopted.json()["level"] == "county"
    conflict = post(api(city.county_editor2), f"/api/items/submissions/{sub_id}/reject", {"reason": "x", "revision": 0})
    assert conflict.status_code == 409
    upper = post(editor, f"/api/items/submissions/{sub_id}/forward").json()
    assert upper["hub_id"] == city.city_hub.pk
    route = officer.get(f"/api/items/items/{item_id}/route").json()
    assert [[s["hub_id"] for s in r] for r in route] == [[city.county_hub.pk, city.city_hub.pk]]


def test_api_cannot_send_past_the_own_hub(city):
    officer = api(city.officer2)
    item_id = post(
        officer,
        "/api/items/items",
        {"category": "news", "title": "t", "body": "b", "writer_name": "w", "writer_phone": "1"},
    ).json()["id"]
    refused = post(officer, f"/api/items/items/{item_id}/submit", {"channels": ["gov"]})
    assert refused.status_code == 400
    # A hub named in the payload is not part of the schema and is ignored: the own hub receives it.
    post(officer, f"/api/items/items/{item_id}/submit", {"channels": ["party"], "hub_id": city.city_hub.pk})
    post(api(city.signer2), f"/api/items/items/{item_id}/sign")
    assert list(Submission.objects.values_list("hub_id", flat=True)) == [city.county_hub.pk]
    assert Item.objects.get(pk=item_id).state == ItemState.SUBMITTED


def test_api_visibility_per_role(city):
    sub = make_submitted_item(city)
    assert api(city.officer3).get(f"/api/items/items/{sub.item_id}").status_code == 404
    assert api(city.county2_editor).get(f"/api/items/submissions/{sub.pk}").status_code == 404
    assert post(api(city.county2_editor), f"/api/items/submissions/{sub.pk}/adopt").status_code == 404
    assert api(city.city_editor).get("/api/items/queue").json()["count"] == 0
    detail = api(city.county_editor).get(f"/api/items/submissions/{sub.pk}").json()
    assert detail["current"]["body"].startswith("今年以来")
    assert post(api(city.officer), f"/api/items/submissions/{sub.pk}/adopt").status_code == 403
    sub.refresh_from_db()
    assert sub.state == SubmissionState.PENDING


def test_api_edit_and_merge(city):
    a = make_submitted_item(city, title="甲")
    b = make_submitted_item(city, title="乙")
    editor = api(city.county_editor)
    version = post(editor, f"/api/items/submissions/{a.pk}/edit", {"title": "甲（改）", "body": "新正文"}).json()
    assert version["submission_id"] == a.pk and version["title"] == "甲（改）"
    merged = post(editor, "/api/items/merge", {"submission_ids": [a.pk, b.pk], "title": "综合", "body": "综合正文"})
    assert merged.status_code == 200 and merged.json()["category"] == "combined"
    outsider = make_submitted_item(city, officer=city.officer3, title="白石")
    refused = post(editor, "/api/items/merge", {"submission_ids": [outsider.pk, a.pk], "title": "x", "body": "y"})
    assert refused.status_code == 400


def test_joint_units_are_only_units_of_the_same_hub(city):
    """合报单位: 新华镇 reports to the same county office as 城关镇 and may be named; 白石石桥镇 (another
    county) may not — neither through the API nor through the action the form uses."""
    from xinbao.core.errors import DomainError
    from xinbao.items import actions

    officer = api(city.officer)
    base = {
        "category": "news",
        "title": "两镇联合开展防汛演练",
        "body": "正文",
        "writer_name": "王",
        "writer_phone": "123",
    }
    refused = post(officer, "/api/items/items", {**base, "co_unit_ids": [city.township3.pk]})
    assert refused.status_code == 400 and "白石石桥镇" in refused.json()["detail"]
    assert not Item.objects.filter(title=base["title"]).exists()
    created = post(officer, "/api/items/items", {**base, "co_unit_ids": [city.township2.pk]})
    assert created.status_code == 201
    item = Item.objects.get(pk=created.json()["id"])
    assert list(item.co_units.all()) == [city.township2]
    try:
        actions.update_draft(city.officer, item, co_units=[city.township3])
    except DomainError as exc:
        assert "合报单位" in exc.message
    else:
        raise AssertionError("a unit of another county was accepted as 合报单位")
    assert list(item.co_units.all()) == [city.township2]
