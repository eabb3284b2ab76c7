"""One item, one title: the writer's title until a hub adopts it under its own, the title as printed once
an issue carrying it is signed — whatever a later edit at another hub says."""

from __future__ import annotations

from xinbao.items import actions as items_actions
from xinbao.items.titles import title_of, titles_of
from xinbao.publications import actions

from .factories import periodical, sign_off, submitted


def test_the_title_follows_adoption_then_print(city):
    sub = submitted(city, "城关镇一窗通办")
    assert title_of(sub.item) == "城关镇一窗通办"
    items_actions.edit_submission(city.county_editor, sub, title="城关镇推行“一窗通办”办事时间缩短一半", body="正文。")
    items_actions.adopt(city.county_editor, sub)
    assert title_of(sub.item) == "城关镇推行“一窗通办”办事时间缩短一半"
    issue = actions.create_issue(city.county_editor, periodical(city))
    actions.add_entry(city.county_editor, issue, sub)
    entry = issue.entries.get()
    actions.edit_entry(city.county_editor, entry, title="清河县城关镇“一窗通办”见实效", body="正文。", editor_note="")
    assert title_of(sub.item) == "清河县城关镇“一窗通办”见实效"  # the adopted title is now the edited one
    sign_off(city, issue)
    # A later edit of the hub's copy does not change the title the issue was printed under.
    sub.refresh_from_db()
    items_actions.edit_submission(city.county_editor, sub, title="另一个标题", body="正文。")
    assert titles_of([sub.item_id]) == {sub.item_id: "清河县城关镇“一窗通办”见实效"}
