"""Organisation admin in a real browser: unit form and confirmed delete, 三员分立 message,
an Excel import refused with row numbers, an API token shown once."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests.e2e.conftest import sign_in
from xinbao.orgs.models import Unit

pytestmark = pytest.mark.e2e


def test_system_admin_creates_then_deletes_a_unit_with_confirmation(page, city, password) -> None:
    sign_in(page, "sysadmin", password)
    page.goto(page.base_url + f"/orgs/units/{city.county.pk}/")
    page.get_by_role("link", name="新建下级单位").click()
    assert page.locator("#id_parent").input_value() == "QH"
    page.fill("#id_name", "清河双河镇")
    page.fill("#id_code", "QH-T09")
    page.select_option("#id_level", "township")
    page.select_option("#id_kind", "township")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("清河双河镇")
    assert "已新建单位“清河双河镇”。" in page.locator(".alert-success").inner_text()
    page.get_by_role("link", name="删除").click()
    assert "确定删除“清河双河镇”吗" in page.locator("main").inner_text()
    page.get_by_role("button", name="确认").click()
    page.wait_for_load_state("networkidle")
    assert "单位已删除" in page.locator(".alert-success").inner_text()
    assert Unit.objects.get(code="QH-T09").deleted_at is not None


def test_security_admin_sees_the_three_admin_refusal(page, city, password) -> None:
    sign_in(page, "secadmin", password)
    page.goto(page.base_url + f"/orgs/people/{city.sysadmin.pk}/")
    page.select_option("select[name=role]", "audit_admin")
    page.get_by_role("button", name="分配角色").click()
    page.wait_for_load_state("networkidle")
    assert "三员分立" in page.locator(".alert-danger").inner_text()
    assert page.locator("[data-testid=person-roles]").inner_text().strip().startswith("系统管理员")


def test_import_with_a_bad_row_lists_it_and_imports_nothing(page, city, password, tmp_path) -> None:
    workbook = Workbook()
    workbook.active.append(["编码*", "名称*", "简称", "上级单位编码", "级别", "类型", "考核类别", "排序"])
    workbook.active.append(["NEW-1", "新单位一", "", "QH", "县", "部门", "", 0])
    workbook.active.append(["NEW-2", "新单位二", "", "NOPE", "县", "部门", "", 0])
    path = tmp_path / "units.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    sign_in(page, "sysadmin", password)
    page.goto(page.base_url + "/orgs/import/units/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state("networkidle")
    assert "第3行：上级单位编码“NOPE”不存在" in page.locator("[data-testid=import-errors]").inner_text()
    assert not Unit.objects.filter(code__in=["NEW-1", "NEW-2"]).exists()


def test_api_token_is_shown_once(page, city, password) -> None:
    sign_in(page, "county_editor", password)
    page.locator("[data-menu='api.tokens']").click()
    page.fill("#id_name", "报表对接")
    page.get_by_role("button", name="生成新令牌").click()
    page.wait_for_load_state("networkidle")
    key = page.locator("[data-testid=token-key]").inner_text().strip()
    assert key.startswith("xb_")
    page.reload()
    assert key not in page.content()
    assert "报表对接" in page.locator("[data-testid=tokens]").inner_text()
