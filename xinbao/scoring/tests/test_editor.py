"""The form-based rule-set editor: it writes the YAML the engine reads (round trip), puts the engine's
errors and warnings beside the fields, saves through the audited versioned actions; rule set files are
downloaded and uploaded (a bad file changes nothing)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xinbao.audit.models import AuditRecord
from xinbao.scoring import actions, editor
from xinbao.scoring.models import RuleSet, ScoreEntry

from .factories import adopt, example, make_item, rule_set

D = datetime.date

COMMON = """name: 表单考核
period: year
unit: points
periodicals: [《外刊》]
base: 10
pass_mark: 8
quotas:
  - key: submitted
    label: 报送任务
    count: submitted
    target: 3
    met: 5
    per_missing: -2
adoptions:
  - key: county
    label: 县级采用
    match:
      levels: [county]
    points: 4
  - key: outside
    label: 外刊采用
    match:
      publications: [《外刊》]
      adopters: [中办]
    points: 2.5
instructions:
  - key: county_instruction
    label: 县领导批示
    match:
      levels: [county]
    points: 3
limits:
  - key: cap
    label: 采用分最多6分
    keys: [county]
    max: 6
"""


def _post_data(main: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """What a browser submits for the form filled with ``main`` and ``rows`` (two blank rows each)."""
    data: dict[str, Any] = {k: "" if v is None else v for k, v in main.items()}
    for section in editor.SECTIONS:
        filled = rows.get(section, [])
        total = len(filled) + editor.EXTRA_ROWS
        data.update({f"{section}-TOTAL_FORMS": total, f"{section}-INITIAL_FORMS": len(filled)})
        data.update({f"{section}-MIN_NUM_FORMS": 0, f"{section}-MAX_NUM_FORMS": 1000})
        for i in range(total):
            row = filled[i] if i < len(filled) else {}
            for name in editor.ROW_FORMS[section].base_fields:
                value = row.get(name, "submitted" if name == "count" else "")
                if name in ("levels", "item_types") and not value:
                    continue  # unchecked boxes are not sent
                data[f"{section}-{i}-{name}"] = value if value is not None else ""
    return data


def test_common_rule_set_round_trips_through_the_form(city, login) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], COMMON, D(2026, 1, 1))
    assert editor.advanced_parts(COMMON) == []
    main, rows = editor.initial_of(COMMON)
    assert rows["adoptions"][1]["publications"] == "《外刊》" and rows["adoptions"][1]["adopters"] == "中办"
    client = login(city.county_editor)
    response = client.post(f"/scoring/{rs.pk}/form/", {**_post_data(main, rows), "do": "save", "note": "表单"})
    assert response.status_code == 302, response.content.decode()
    rs.refresh_from_db()
    saved = rs.versions.get(number=2)
    # The form wrote the same rule set: the engine compiles both texts to the same spec.
    assert saved.spec == actions.validate_text(COMMON)
    assert rs.active_version.number == 1  # saving keeps the active version, like the YAML view
    assert AuditRecord.objects.filter(action="scoring.save_version").count() == 1
    # And the form reads its own text back the same way.
    assert editor.initial_of(saved.text) == (main, rows)


def test_item_types_chosen_in_the_form_are_written_and_read_back(city, login) -> None:  # type: ignore[no-untyped-def]
    main = {"name": "图片信息考核", "period": "month", "unit": "points", "scope": "members"}
    rows = {
        "adoptions": [
            {"key": "picture", "label": "图片信息", "levels": ["city"], "item_types": ["picture"], "points": "5"}
        ]
    }
    meta = {"channel": city.channels["party"].pk, "valid_from": "2026-01-01"}
    response = login(city.county_editor).post("/scoring/new/form/", {**_post_data(main, rows), **meta, "do": "save"})
    assert response.status_code == 302, response.content.decode()
    text = RuleSet.objects.get().active_version.text
    assert "      item_types: [picture]\n" in text
    assert actions.validate_text(text)["adoptions"][0]["match"] == {"levels": ["city"], "item_types": ["picture"]}
    assert editor.advanced_parts(text) == []
    assert editor.initial_of(text)[1]["adoptions"][0]["item_types"] == ["picture"]


def test_a_rule_set_with_advanced_parts_opens_in_the_yaml_view(city, login) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("county_yearly.yaml"), D(2026, 1, 1))
    page = login(city.county_editor).get(f"/scoring/{rs.pk}/form/").content.decode()
    assert 'data-testid="editor-advanced"' in page
    assert "multipliers" in page and "joint" in page
    # Adoption rules matching categories (调研) are beyond the form too.
    assert set(editor.advanced_parts(example("district_quarterly.yaml"))) == {"joint", "events", "rates", "adoptions"}


def test_a_new_rule_set_from_the_form_scores(city, login, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    main = {"name": "表单考核", "period": "year", "unit": "points", "scope": "members", "base": "10"}
    rows = {
        "quotas": [{"label": "报送任务", "count": "submitted", "target": "3", "met": "5", "per_missing": "-2"}],
        "adoptions": [{"key": "county", "label": "县级采用", "levels": ["county"], "points": "4"}],
        "limits": [{"label": "采用分最多6分", "keys": "county", "max": "6"}],
    }
    meta = {"channel": city.channels["party"].pk, "valid_from": "2026-01-01"}
    response = login(city.county_editor).post("/scoring/new/form/", {**_post_data(main, rows), **meta, "do": "save"})
    assert response.status_code == 302, response.content.decode()
    rs = RuleSet.objects.get()
    assert rs.active_version.number == 1
    assert "  - key: quota_1\n" in rs.active_version.text  # a row without a key gets one
    with django_capture_on_commit_callbacks(execute=True):  # scoring runs after commit (decision 0014)
        for i in range(2):
            item = make_item(city.township, city.officer, D(2026, 1, 5), title=f"城关镇信息{i}")
            adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)
    lines = ScoreEntry.objects.filter(rule_set=rs, unit=city.township, period_start=D(2026, 1, 1))
    # base 10; 2 of 3 submitted: 1 missing × -2 = -2; two county adoptions 2 × 4 = 8, capped at 6 (-2).
    # 10 - 2 + 8 - 2 = 14.
    assert sum(e.points for e in lines) == Decimal(14)


def test_engine_errors_and_warnings_show_beside_the_fields(city, login) -> None:  # type: ignore[no-untyped-def]
    main = {"name": "表单考核", "period": "year", "unit": "points", "scope": "members"}
    meta = {"channel": city.channels["party"].pk, "valid_from": "2026-01-01"}
    client = login(city.county_editor)
    # An unknown periodical and an unknown adopter are warnings (the rule can run; it matches nothing yet):
    # shown beside the field by "check", with the engine's own words, and the save goes through.
    rows = {
        "adoptions": [{"key": "a", "label": "刊物采用", "publications": "要情", "adopters": "某某厅", "points": "4"}]
    }
    page = client.post("/scoring/new/form/", {**_post_data(main, rows), **meta, "do": "check"}).content.decode()
    section = page.split('data-testid="section-adoptions"')[1].split("</table>")[0]
    assert 'data-testid="field-warning"' in section and "某某厅" in section
    assert "未知的刊物“要情”，这条规则暂时匹配不到任何采用：刊物名称须带书名号" in section
    assert 'data-testid="editor-yaml"' in page and not RuleSet.objects.exists()
    response = client.post("/scoring/new/form/", {**_post_data(main, rows), **meta, "do": "save"})
    assert response.status_code == 302 and RuleSet.objects.count() == 1


def test_a_quota_without_target_is_warned_beside_its_target(city, login) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], COMMON, D(2026, 1, 1))
    main, rows = editor.initial_of(COMMON)
    rows["quotas"][0]["target"] = None
    data = {**_post_data(main, rows), "do": "check"}
    page = login(city.county_editor).post(f"/scoring/{rs.pk}/form/", data).content.decode()
    quota_row = page.split('data-testid="section-quotas"')[1].split("</tr>")[1]
    assert "任务数“submitted”没有填写 target 或 targets" in quota_row


def test_officer_may_not_open_the_form(city, login) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], COMMON, D(2026, 1, 1))
    client = login(city.officer)
    assert client.get("/scoring/new/form/").status_code == 403
    assert client.get(f"/scoring/{rs.pk}/form/").status_code == 403


def test_download_then_upload_a_rule_set_file(city, login) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], COMMON, D(2026, 1, 1))
    client = login(city.county_editor)
    response = client.get(f"/scoring/{rs.pk}/versions/1/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode("utf-8") == COMMON
    # The downloaded file, uploaded as a new rule set, is the same rule set.
    upload = SimpleUploadedFile("表单考核.yaml", response.content)
    new = {"channel": city.channels["party"].pk, "valid_from": "2027-01-01", "upload": upload}
    assert client.post("/scoring/new/", new).status_code == 302
    assert RuleSet.objects.order_by("-pk").first().active_version.text == COMMON


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rules.yaml", "name: 测试\nperiod: 年\n".encode("gbk"), "规则文件须为 UTF-8 编码的文本。"),
        ("rules.docx", b"PK\x03\x04", "请上传 .yaml 规则文件"),
        ("rules.yaml", "name: [测试\n".encode(), "YAML 格式错误"),
    ],
)
def test_a_bad_file_changes_nothing(city, login, name: str, content: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], COMMON, D(2026, 1, 1))
    client = login(city.county_editor)
    page = client.post(f"/scoring/{rs.pk}/", {"upload": SimpleUploadedFile(name, content)}).content.decode()
    assert message in page
    assert rs.versions.count() == 1
