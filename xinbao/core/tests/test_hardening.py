"""Hardening: formula-safe Excel, no caching of signed-in pages, bad input as a Chinese 4xx,
production settings that refuse to start unsafely, HSTS."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from openpyxl import load_workbook

from xinbao.core.excel import safe_cell, safe_row, unquote
from xinbao.orgs import actions
from xinbao.settings import DEMO_SECRET_KEY, check_production_settings

# --- Excel formula injection --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+86 139", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("x")'])
def test_formula_like_text_is_quoted_and_read_back(text):
    assert safe_cell(text) == "'" + text
    assert unquote(safe_cell(text)) == text


@pytest.mark.parametrize("value", ["正常", "", "1=1", "a-b", 3, -2, 1.5, None])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value
    assert safe_row([value]) == [value]


def cells(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_unit_and_people_exports_carry_no_formula(city, login):
    actions.update_unit(city.sysadmin, city.township, name='=HYPERLINK("http://x","点我")', short_name="@A1")
    actions.update_person(city.sysadmin, city.officer, title="-1+2", phone="+86-139")
    client = login(city.sysadmin)
    for url in ("/orgs/export/units.xlsx", "/orgs/export/people.xlsx"):
        found = cells(client.get(url).content)
        assert not [c for c in found if c.data_type == "f"], url
    units = [c.value for c in cells(client.get("/orgs/export/units.xlsx").content)]
    assert '\'=HYPERLINK("http://x","点我")' in units and "'@A1" in units


def test_an_exported_unit_file_imports_back_unchanged(city, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xinbao.orgs.models import Unit

    actions.create_unit(None, name="=新单位", code="-EQ1", parent=city.county)
    client = login(city.sysadmin)
    exported = client.get("/orgs/export/units.xlsx").content
    Unit.objects.filter(code="-EQ1").update(code="OLD-EQ1")
    upload = SimpleUploadedFile("u.xlsx", exported)
    response = client.post("/orgs/import/units/", {"file": upload})
    errors = response.context["errors"]
    # Every other unit is still there (a clash); the quoted code and name were read back as typed.
    assert any("编码“QH”已被现有单位使用" in e for e in errors)
    assert not any("'-EQ1" in e or "'=新单位" in e for e in errors)


def test_audit_export_carries_no_formula(city, login):
    actions.update_person(city.sysadmin, city.officer, title="=1+1")
    found = cells(login(city.auditadmin).get("/audit/export.xlsx").content)
    assert not [c for c in found if c.data_type == "f"]
    assert "职务：=1+1" in [c.value for c in found]  # starts with a label, so no quote is needed


# --- caching --------------------------------------------------------------------------------------


def test_signed_in_pages_are_not_stored(city, login):
    response = login(city.officer).get("/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_api_answers_to_a_token_are_not_stored(city, client):
    from xinbao.api.actions import issue_token

    _token, key = issue_token(city.officer, "对接")
    response = client.get("/api/orgs/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_anonymous_error_pages_are_not_marked(db):
    assert "no-store" not in Client().get("/no-such-page/").get("Cache-Control", "")


# --- bad input ------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_chinese_413(city, login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = login(city.sysadmin)
    response = client.post("/orgs/units/new/", {"name": "x" * 2000, "code": "BIG"})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def test_too_many_fields_is_a_chinese_400(city, login, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = login(city.sysadmin).post("/orgs/units/new/", {f"f{i}": "1" for i in range(20)})
    assert response.status_code == 400 and "提交的字段或文件过多" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/orgs/units/99999999999999999999/",
        "/orgs/units/?under=99999999999999999999",
        "/orgs/units/?under=²",
        "/orgs/people/?unit=9223372036854775808",
        "/orgs/units/new/?parent=1" + "0" * 30,
    ],
)
def test_out_of_range_ids_are_4xx(city, login, url):
    assert login(city.sysadmin).get(url).status_code in {200, 404}


def test_an_order_beyond_the_column_is_a_form_error(city, login):
    response = login(city.sysadmin).post(
        f"/orgs/units/{city.township.pk}/edit/",
        {"name": "清河城关镇", "code": "QH-T01", "level": "township", "kind": "township", "order": 2**40},
    )
    assert response.status_code == 200 and "排序应为非负整数" in response.content.decode()


def test_a_database_range_error_becomes_a_400_page(city, login):
    from django.db import DataError

    from xinbao.core.middleware import BadInputMiddleware
    from xinbao.core.views import bad_input_message

    assert bad_input_message(DataError("integer out of range"))[1] == 400
    assert bad_input_message(OverflowError())[0].startswith("输入的数值超出允许范围")
    request = login(city.sysadmin).get("/").wsgi_request
    response = BadInputMiddleware(lambda r: None).process_exception(request, OverflowError("too big"))
    assert response.status_code == 400 and "输入的数值超出允许范围" in response.content.decode()


# --- production settings --------------------------------------------------------------------------


GOOD_KEY = "k3Y-" + "".join(chr(65 + i % 26) + str(i % 10) for i in range(30))


@pytest.mark.parametrize(
    ("debug", "production", "key", "message"),
    [
        (True, True, DEMO_SECRET_KEY, "生产环境不能开启调试模式"),
        (False, False, "", "必须设置 XINBAO_SECRET_KEY"),
        (False, True, DEMO_SECRET_KEY, "过短或是演示密钥"),
        (False, True, "short-key", "过短或是演示密钥"),
        (False, True, "a" * 60, "过短或是演示密钥"),
    ],
)
def test_unsafe_production_settings_refuse_to_start(debug, production, key, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        check_production_settings(debug, production, key)


@pytest.mark.parametrize(("debug", "production", "key"), [(True, False, DEMO_SECRET_KEY), (False, True, GOOD_KEY)])
def test_safe_settings_start(debug, production, key):
    check_production_settings(debug, production, key)


def test_settings_module_refuses_a_production_start(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XINBAO_DEBUG": "0", "XINBAO_SECRET_KEY": "too-short", "XINBAO_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode != 0 and "XINBAO_SECRET_KEY" in result.stderr
    env.update(XINBAO_SECRET_KEY=GOOD_KEY, XINBAO_ALLOWED_HOSTS="xinbao.example.gov")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(365 * 24 * 3600)


def test_int_params_keep_only_real_ids():
    from xinbao.core.http import int_params

    assert int_params(["3", " 7 ", "²", "-1", "abc", "", "9" * 20, "12"]) == [3, 7, 12]


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("post", "/notify/read/", {"id": ["²", "1"]}),
        ("post", "/items/queue/bulk/adopt/", {"sub": ["²"]}),
        ("post", "/publications/issues/entries/add/", {"issue": "²", "sub": ["²"]}),
        ("get", "/publications/archive/", {"periodical": "²", "year": "²"}),
        (
            "post",
            "/insights/settings/",
            {"inactive_days": "²", "chase_days": "3", "vacancy_days": "3", "similar_days": "3"},
        ),
    ],
)
def test_superscript_digits_are_refused_not_500(city, login, method, url, data):
    """A "²" passes isdigit() but int("²") raises: such values must be dropped or refused."""
    response = getattr(login(city.county_editor), method)(url, data)
    assert response.status_code in {200, 302, 400, 403, 404}
