"""API hardening: docs behind sign-in in production, bad input as Chinese 4xx JSON, bounded pages."""

import pytest
from django.test import Client

from xinbao.api.actions import issue_token


def bearer(user):
    _token, key = issue_token(user, "对接")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("url", ["/api/docs", "/api/openapi.json"])
def test_api_docs_need_sign_in_when_debug_is_off(city, login, settings, url):
    settings.DEBUG = False
    response = Client().get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")
    assert login(city.officer).get(url).status_code == 200
    assert Client().get(url, **bearer(city.officer2)).status_code == 200


def test_api_docs_are_open_in_the_demo(db, settings):
    settings.DEBUG = True
    assert Client().get("/api/openapi.json").status_code == 200


def test_a_body_over_the_limit_is_a_chinese_413_json(city, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = {"name": "x" * 2000, "code": "BIG"}
    response = client.post("/api/orgs/units", payload, content_type="application/json", **bearer(city.sysadmin))
    assert response.status_code == 413 and "提交的内容过大" in response.json()["detail"]


@pytest.mark.parametrize("page", ["0", "10000000000000000000000", "-1"])
def test_pages_out_of_range_are_422_not_500(city, client, page):
    response = client.get(f"/api/orgs/units?page={page}", **bearer(city.sysadmin))
    assert response.status_code == 422


def test_a_huge_page_of_a_hand_paged_list_is_empty(city, client):
    response = client.get("/api/items/queue?page=10000000000000000000000", **bearer(city.county_editor))
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("order", [2**31, 2**63, -1])
def test_numbers_beyond_a_column_are_400(city, client, order):
    response = client.patch(
        f"/api/orgs/units/{city.township.pk}",
        {"order": order},
        content_type="application/json",
        **bearer(city.sysadmin),
    )
    assert response.status_code in {400, 422}
    assert "排序应为非负整数" in response.json()["detail"] or response.status_code == 422


@pytest.mark.parametrize("unit_id", ["99999999999999999999", "9223372036854775808"])
def test_ids_beyond_any_row_are_404_or_422(city, client, unit_id):
    response = client.get(f"/api/orgs/units/{unit_id}", **bearer(city.sysadmin))
    assert response.status_code in {404, 422}
