"""The audit page and export speak Chinese: action labels, object type names, field labels."""

import re
from pathlib import Path

from xinbao.audit.labels import ACTION_LABELS, action_label, values_lines
from xinbao.orgs import actions

ROOT = Path(__file__).resolve().parents[2]
# Codes built at run time: items' screening decisions and publications' review (see their _decide).
DYNAMIC = {
    "items.adopt",
    "items.return",
    "items.reject",
    "items.reserve",
    "items.merge",
    "items.sign_off",
    "items.submit_direct",
    "publications.approve_issue",
    "publications.return_issue",
}
LITERAL = re.compile(r'\brecord\(\s*[\w.]+,\s*"([a-z_]+\.[a-z_]+)"')


def recorded_codes():
    codes = set(DYNAMIC)
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_recorded_action_has_a_chinese_label():
    missing = sorted(recorded_codes() - set(ACTION_LABELS))
    assert missing == [], f"add these to xinbao/audit/labels.py ACTION_LABELS: {missing}"


def test_unknown_codes_read_with_their_app_name():
    assert action_label("orgs.something_new") == "组织与人员：something_new"
    assert action_label("nothing") == "nothing"


def test_values_read_by_field_label():
    assert values_lines("orgs.unit", {"short_name": "城关", "has_place": True, "parent": None}) == [
        "简称：城关",
        "有场所：是",
        "上级单位：—",
    ]


def test_the_log_page_shows_labels_not_codes(city, login):
    actions.update_unit(city.sysadmin, city.township, short_name="城关")
    actions.grant_role(city.secadmin, city.officer, "signer")
    page = login(city.auditadmin).get("/audit/").content.decode()
    assert "修改单位" in page and "分配角色" in page and "简称：城关" in page
    assert ">orgs.update_unit<" not in page and "{&#x27;short_name&#x27;" not in page
    # The filter finds rows by the label too.
    response = login(city.auditadmin).get("/audit/?action=分配角色")
    assert [r["record"].action for r in response.context["rows"]] == ["orgs.grant_role"]


def test_an_impossible_date_is_a_message_not_a_500(city, login):
    response = login(city.auditadmin).get("/audit/?from=2026-02-31&to=2026-13-01", follow=True)
    assert response.status_code == 200
    assert "开始日期、结束日期不是有效日期，已忽略。" in response.content.decode()
