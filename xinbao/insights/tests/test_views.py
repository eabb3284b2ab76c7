"""Pages of insights: who may open them, and that they render with a constant number of queries."""

from __future__ import annotations

import io

import openpyxl
import pytest

from xinbao.insights import queries
from xinbao.items.testing import make_submitted_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_items(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_submitted_item(city, officer=city.officer, title="城关镇冷链物流体系建设取得进展")
        make_submitted_item(city, officer=city.officer2, title="新华镇信访积案化解成效明显", category="problem")
    return city


@pytest.mark.parametrize("name", ["county_editor", "county_chief", "county_director", "county_leader"])
def test_hub_staff_and_leaders_open_the_dashboard(some_items, login, name):
    client = login(some_items.people[name])
    response = client.get("/insights/")
    assert response.status_code == 200
    assert 'data-chart-url="/insights/charts/monthly.json' in response.content.decode()


@pytest.mark.parametrize("name", ["officer", "signer", "sysadmin", "secadmin", "auditadmin", "duty"])
def test_others_may_not_open_the_dashboard_or_its_charts(some_items, login, name):
    client = login(some_items.people[name])
    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/charts/units.json").status_code == 403
    assert client.get("/insights/charts/units.xlsx").status_code == 403
    assert client.get("/insights/leader/").status_code == 403


def test_every_chart_has_json_table_and_excel(some_items, login):
    client = login(some_items.county_editor)
    for name in queries.CHARTS:
        data = client.get(f"/insights/charts/{name}.json").json()
        assert data["key"] == name and data["columns"], name
        table = client.get(f"/insights/charts/{name}/")
        assert table.status_code == 200 and 'data-testid="chart-table"' in table.content.decode()
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/insights/charts/{name}.xlsx").content)).active
        header = [c.value for c in next(sheet.iter_rows(min_row=3, max_row=3))]
        assert header == data["columns"], name
    assert client.get("/insights/charts/nothing.json").status_code == 404


def test_units_chart_counts_the_submissions(some_items, login):
    data = login(some_items.county_editor).get("/insights/charts/units.json").json()
    rows = {r[0]: r for r in data["rows"]}
    # Each township submitted one item; nothing adopted yet: rate 0.
    assert rows["清河城关镇"][2:] == [1, 0, 0.0]
    assert rows["清河新华镇"][2:] == [1, 0, 0.0]


def test_dashboard_query_count_does_not_grow_with_items(
    city, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client = login(city.county_editor)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(2):
            make_submitted_item(city, officer=city.officer, title=f"城关镇第{i}条信息")
    client.get("/insights/")  # warm the hot-topics cache the same way both times
    with django_assert_max_num_queries(30):
        client.get("/insights/")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            make_submitted_item(city, officer=city.officer2, title=f"新华镇第{i}条信息")
    with django_assert_max_num_queries(30):
        client.get("/insights/")


def test_a_bad_period_falls_back_with_a_message(some_items, login):
    response = login(some_items.county_editor).get("/insights/?period=garbage", follow=True)
    assert "无法识别" in response.content.decode()
