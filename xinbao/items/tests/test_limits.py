"""The item body limit (ITEM_BODY_MAX, 20,000 characters), stated in the form and the API schema."""

from xinbao.api.actions import issue_token
from xinbao.items.limits import ITEM_BODY_MAX
from xinbao.items.models import Item
from xinbao.items.tests.test_views import _post_draft


def test_the_draft_form_states_and_enforces_the_limit(city, login):
    client = login(city.officer)
    assert "不超过20000字" in client.get("/items/new/").content.decode()
    response = _post_draft(client, body="长" * (ITEM_BODY_MAX + 1))
    assert response.status_code == 200 and response.context["form"].errors["body"]
    assert not Item.objects.exists()
    _post_draft(client, body="长" * ITEM_BODY_MAX)
    assert Item.objects.count() == 1


def test_the_api_refuses_a_longer_body(city, client):
    _token, key = issue_token(city.officer, "对接")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    data = {"category": "problem", "title": "标题", "body": "长" * (ITEM_BODY_MAX + 1)}
    response = client.post("/api/items/items", data, content_type="application/json", **headers)
    assert response.status_code == 422 and not Item.objects.exists()
    schema = client.get("/api/openapi.json", **headers).json()
    assert schema["components"]["schemas"]["ItemIn"]["properties"]["body"]["maxLength"] == ITEM_BODY_MAX
