"""The chain as an office uses it, in a browser: the editor adopts several items at once from the queue;
the writer sees where the item was adopted and printed and the leader's 批示 text, reached from the inbox."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from xinbao.instructions import actions as instruction_actions
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions as pub_actions
from xinbao.publications.tests.factories import periodical, sign_off

pytestmark = pytest.mark.e2e


def test_editor_adopts_several_items_at_once(page, city, password) -> None:
    subs = [make_submitted_item(city, title=f"批量采用测试{n}") for n in range(3)]
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/items/queue/?state=pending")
    for sub in subs[:2]:
        page.check(f"[data-testid=pick][value='{sub.pk}']")
    with page.expect_navigation():
        page.click("[data-testid=bulk-adopt]")
    assert "已采用 2 条" in page.content()
    page.goto(page.base_url + "/items/queue/?state=adopted")
    table = page.locator("[data-testid=queue-table]").inner_text()
    assert "批量采用测试0" in table and "批量采用测试1" in table and "批量采用测试2" not in table


def test_writer_sees_adoption_print_and_instruction(page, city, password, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINBAO_ISSUE_PDF = False
    sub = make_submitted_item(city, title="城关镇便民服务见实效")
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    pub_actions.add_entry(city.county_editor, issue, sub, adopt_now=True)
    issue = sign_off(city, issue)
    pub_actions.publish_issue(city.county_editor, issue)
    instruction_actions.record_instruction(city.county_leader, text="经验很好，请总结推广。", item=sub.item)

    sign_in(page, "officer", password)
    page.goto(page.base_url + "/items/")
    assert "已采用" in page.locator("[data-testid=outcome]").first.inner_text()
    page.goto(page.base_url + "/inbox/")
    with page.expect_navigation():
        page.locator("[data-testid=inbox] a", has_text="批示").first.click()
    assert "经验很好，请总结推广。" in page.locator("[data-testid=item-instructions]").inner_text()
    assert "清河信息" in page.locator("[data-testid=printed]").inner_text()
    assert "中共清河县委办公室" in page.locator("[data-testid=adoptions]").inner_text()
