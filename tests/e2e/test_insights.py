"""Insights in a real browser, with every request outside the test server refused (offline): the hub
dashboard draws its ECharts charts without console errors, and a writer drafting an item sees the
similar-item warning appear beside the form; the hub sees similar items on a received item's page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from xinbao.insights.tests.test_similarity import BODY, EDITED
from xinbao.items.testing import make_submitted_item

pytestmark = pytest.mark.e2e


def _offline(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Refuse every request that does not go to the test server; collect console errors."""
    errors: list[str] = []
    outside: list[str] = []

    def route(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith(page.base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.outside = outside  # type: ignore[attr-defined]
    return errors


def test_the_dashboard_draws_its_charts_offline(page, city, password) -> None:  # type: ignore[no-untyped-def]
    make_submitted_item(city, officer=city.officer, title="城关镇冷链物流体系建设取得进展")
    make_submitted_item(city, officer=city.officer2, title="新华镇信访积案化解成效明显", category="problem")
    errors = _offline(page)
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/insights/")
    for key in ("monthly", "units", "classes", "mix", "tone", "tone_units"):
        page.wait_for_selector(f"[data-testid=chart-{key}][data-rendered='1'] canvas")
    assert page.locator("[data-testid=summary-submitted]").inner_text() == "2"
    assert errors == [] and page.outside == []  # type: ignore[attr-defined]
    # The table behind a chart is one click away.
    page.click("[data-testid=table-units]")
    table = page.locator("[data-testid=chart-table]").inner_text()
    assert "清河城关镇" in table and "清河新华镇" in table


def test_a_writer_sees_a_similar_item_warning_while_drafting(page, city, password) -> None:  # type: ignore[no-untyped-def]
    make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
    errors = _offline(page)
    sign_in(page, "officer2", password)
    page.goto(page.base_url + "/items/new/")
    page.fill("#id_title", "新华镇饮水安全工程进展顺利")
    page.fill("#id_body", EDITED)
    match = page.wait_for_selector("[data-testid=similar-match]")
    assert "城关镇农村饮水安全工程惠及8600余人" in match.inner_text()
    assert "相似度" in match.inner_text()
    assert errors == []


def test_the_hub_sees_similar_items_on_a_received_item_and_merges_from_there(page, city, password) -> None:  # type: ignore[no-untyped-def]
    a = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
    b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程进展顺利", body=EDITED)
    errors = _offline(page)
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + f"/items/s/{b.pk}/")
    match = page.wait_for_selector("[data-testid=submission-similar-match]")
    assert "城关镇农村饮水安全工程惠及8600余人" in match.inner_text() and "相似度" in match.inner_text()
    # The comparison opens in a new tab: follow its address here.
    href = page.get_attribute("[data-testid=similar-compare]", "href")
    assert href == f"/insights/compare/{b.item_id}/{a.item_id}/"
    page.goto(page.base_url + href)
    compared = page.locator("body").inner_text()
    assert "城关镇农村饮水安全工程惠及8600余人" in compared and "新华镇饮水安全工程进展顺利" in compared
    page.goto(page.base_url + f"/items/s/{b.pk}/")
    with page.expect_navigation():
        page.click("[data-testid=similar-merge]")
    body = page.locator("body").inner_text()
    assert "城关镇" in body and "新华镇" in body and "/items/queue/merge/" in page.url
    assert errors == [] and page.outside == []  # type: ignore[attr-defined]
