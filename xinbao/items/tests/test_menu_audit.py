"""Menu entries and home panels per role; every write leaves an audit row."""

from __future__ import annotations

from xinbao.audit.models import AuditRecord
from xinbao.core.registry import menu_for
from xinbao.items import actions
from xinbao.items.testing import make_submitted_item


def _item_menu(user):
    return {entry.key for entry, _url in menu_for(user.role_codes) if entry.key.startswith("items.")}


def test_menu_per_role(city):
    assert _item_menu(city.officer) == {"items.mine", "items.new"}
    assert _item_menu(city.signer) == {"items.mine", "items.signoff"}
    assert _item_menu(city.county_editor) == {"items.queue"}
    assert _item_menu(city.cppcc_member) == {"items.mine", "items.new"}
    assert _item_menu(city.county_leader) == set()
    assert _item_menu(city.sysadmin) == set()


def test_home_panels_show_counts(city, login):
    sub = make_submitted_item(city)
    html = login(city.county_editor).get("/").content.decode()
    assert 'data-panel="items.queue"' in html and sub.title in html
    actions.return_submission(city.county_editor, sub, "请补充")
    html = login(city.officer).get("/").content.decode()
    assert 'data-panel="items.returned"' in html and sub.title in html


def test_every_step_is_audited(city):
    sub = make_submitted_item(city)
    actions.edit_submission(city.county_editor, sub, "新标题", "新正文")
    actions.adopt(city.county_editor, sub)
    actions.forward(city.county_editor, sub)
    logged = list(AuditRecord.objects.order_by("id").values_list("action", flat=True))
    expected = [
        "items.create_draft",
        "items.submit",
        "items.sign_off",
        "items.edit_submission",
        "items.adopt",
        "items.record_adoption",
        "items.forward",
    ]
    assert [a for a in logged if a.startswith("items.")] == expected
