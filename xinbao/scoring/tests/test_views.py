"""Pages and API of scoring, through the test client (permissions, validation, query counts)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine
from django.test import TestCase

from xinbao.scoring.models import RuleSet, ScoreEntry

from .factories import adopt, example, make_item, rule_set

D = datetime.date


def _with_adoptions(city, n):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    with TestCase.captureOnCommitCallbacks(execute=True):  # adoptions are scored after commit
        for i in range(n):
            item = make_item(city.township, city.officer, D(2026, 1, 5), title=f"信息{i}")
            adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)
    return rs


def test_create_rule_set_with_errors_then_valid(city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    assert client.get("/scoring/new/").status_code == 200
    channel = city.channels["party"].pk
    bad = {"channel": channel, "valid_from": "2026-01-01", "text": "name: 测试\nperiod: month\nbonus: 1\n"}
    response = client.post("/scoring/new/", bad)
    assert response.status_code == 200
    assert "第3行：未知字段“bonus”" in response.content.decode()
    assert not RuleSet.objects.exists()
    good = {**bad, "text": example("county_yearly.yaml")}
    response = client.post("/scoring/new/", good)
    rs = RuleSet.objects.get()
    assert response.status_code == 302 and rs.active_version.number == 1


def test_officer_cannot_create_or_edit(city, login):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 0)
    client = login(city.officer)
    assert client.get("/scoring/new/").status_code == 403
    response = client.post(f"/scoring/{rs.pk}/", {"text": "name: x\nperiod: year\n"})
    assert response.status_code == 403


def test_bad_version_keeps_active_and_preview_apply(city, login):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 2)
    client = login(city.county_editor)
    response = client.post(f"/scoring/{rs.pk}/", {"text": "name: 测试\nperiod: quarter\nbase: 六\n"})
    assert "第3行：“base”应为数字，而不是“六”。" in response.content.decode()
    rs.refresh_from_db()
    assert rs.active_version.number == 1 and rs.versions.count() == 1
    raised = example("district_quarterly.yaml").replace("base: 6", "base: 8")
    response = client.post(f"/scoring/{rs.pk}/", {"text": raised, "note": "基础分改为8"})
    assert response.status_code == 302
    page = client.get(f"/scoring/{rs.pk}/versions/2/preview/?period=2026Q1").content.decode()
    # 城关镇 Q1 under v1: base 6; 2 submitted of 3 → -1; rate 100%; 2 district adoptions x 10 → 25.
    # Under v2 the base is 8 → 27. 新华镇: v1 6 - 3 (nothing submitted) - 1 (rate 0) = 2; v2: 4.
    assert "<td>清河城关镇</td><td>1</td><td>25</td><td>1</td><td>27</td><td>+2</td>" in page.replace("\n", "")
    response = client.post(f"/scoring/{rs.pk}/versions/2/apply/", {"period": "2026Q1"})
    assert response.status_code == 302
    rs.refresh_from_db()
    assert rs.active_version.number == 2
    assert set(ScoreEntry.objects.values_list("version__number", flat=True)) == {2}


def test_rankings_and_ledger_query_counts_do_not_grow(city, login, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 3)
    client = login(city.county_editor)
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, 0)):
        with django_assert_max_num_queries(20) as few:
            assert client.get(f"/scoring/{rs.pk}/rankings/?period=2026Q1").status_code == 200
        with django_assert_max_num_queries(20) as few_ledger:
            assert client.get(f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026Q1").status_code == 200
        with TestCase.captureOnCommitCallbacks(execute=True):
            for i in range(20):
                item = make_item(city.township2, city.officer2, D(2026, 1, 6), title=f"更多{i}")
                adopt(item, D(2026, 2, 3), "city", adopter_name="市委办公室")
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(f"/scoring/{rs.pk}/rankings/?period=2026Q1").status_code == 200
        with django_assert_max_num_queries(len(few_ledger.captured_queries)):
            page = client.get(f"/scoring/{rs.pk}/units/{city.township2.pk}/?period=2026Q1")
    assert page.status_code == 200
    # 新华镇 Q1: base 6; 20 submitted ≥ 3; rate 100%; 20 city adoptions x 15 = 300 → 306.
    assert "306" in page.content.decode()


def test_other_units_cannot_read_a_units_ledger(city, login):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 1)
    assert login(city.officer2).get(f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026Q1").status_code == 403
    assert login(city.officer).get(f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026Q1").status_code == 200
    assert login(city.officer2).get(f"/scoring/{rs.pk}/rankings/?period=2026Q1").status_code == 200


def test_api_rankings_and_entries(city, login):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 1)
    client = login(city.county_editor)
    assert client.post(f"/scoring/{rs.pk}/recompute/", {"period": "2026Q1"}).status_code == 302
    rows = client.get(f"/api/scoring/rule-sets/{rs.pk}/rankings?period=2026Q1").json()
    # 城关镇: 6 - 2 (1 of 3 submitted) + 10 = 14, rate 100%; 新华镇: 6 - 3 - 1 = 2.
    assert [(r["name"], Decimal(r["total"]), r["rank"]) for r in rows] == [
        ("清河城关镇", Decimal(14), 1),
        ("清河新华镇", Decimal(2), 2),
    ]
    entries = client.get(f"/api/scoring/rule-sets/{rs.pk}/units/{city.township.pk}/entries?period=2026Q1").json()
    assert sum(float(e["points"]) for e in entries["items"]) == 14
    bad = client.get(f"/api/scoring/rule-sets/{rs.pk}/rankings?period=2026Q9")
    assert bad.status_code == 400
    response = client.post(
        f"/api/scoring/rule-sets/{rs.pk}/versions",
        {"text": "name: x\nperiod: decade\n"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "第2行" in response.json()["detail"]


def test_home_panel_shows_our_score(city, login):  # type: ignore[no-untyped-def]
    rs = _with_adoptions(city, 1)
    with time_machine.travel(datetime.datetime(2026, 2, 15, 12, 0)):
        page = login(city.officer).get("/").content.decode()
    # February: the adoption on 2026-02-01 (+10) is in the quarter's ledger dated in February.
    assert f"{rs.name}：本月10，第1名/共2个单位" in page


def test_uploaded_rule_file_is_validated_like_typed_text(city, login):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    rs = _with_adoptions(city, 0)
    client = login(city.county_editor)
    bad = SimpleUploadedFile("rules.yaml", "name: 测试\nperiod: month\nquotas:\n  - key: q\n    count: many\n".encode())
    page = client.post(f"/scoring/{rs.pk}/", {"upload": bad}).content.decode()
    assert "第5行：未知的计数口径“many”（可用：submitted、adopted、adoptions、never_adopted、points）。" in page
    good = SimpleUploadedFile("rules.yaml", example("cppcc_fees.yaml").encode("utf-8-sig"))
    assert client.post(f"/scoring/{rs.pk}/", {"upload": good, "note": "上传"}).status_code == 302
    assert rs.versions.count() == 2


def test_a_tampered_rule_set_id_is_a_404_not_a_server_error(city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    for bad in ("abc", "-1", ""):
        response = client.post("/scoring/notices/generate/", {"rule_set": bad, "period": "2026Q1"})
        assert response.status_code == 404


def test_the_rank_on_a_ledger_page_follows_every_rescore(city, login):  # type: ignore[no-untyped-def]
    """The ranking behind a unit's rank is cached per ledger version: a later adoption that overtakes the
    unit shows at once, never a stale place."""
    rs = _with_adoptions(city, 1)  # 城关镇 one county adoption
    url = f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026Q1"
    client = login(city.officer)
    assert "第1名" in client.get(url).content.decode()
    assert "第1名" in client.get(url).content.decode()  # the second view reads the cached ranking
    with TestCase.captureOnCommitCallbacks(execute=True):  # 新华镇 overtakes it with two adoptions
        for i in range(2):
            item = make_item(city.township2, city.officer2, D(2026, 1, 6), title=f"新华{i}")
            adopt(item, D(2026, 2, 2), "county", adopter=city.county_hub)
    assert "第2名" in client.get(url).content.decode()
