"""Scoring names an item by its one title (issue 10 point 4): ledger lines, 十佳 lists, item awards and
notices say the title as printed in an issue, else as adopted, else the hub's current title
(``items.titles.titles_of``), through the read policy (a 秘密 item is labelled)."""

from __future__ import annotations

import datetime

from xinbao.items import actions as items_actions
from xinbao.items.policy import neutral_label
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions as publications
from xinbao.publications.tests.factories import periodical, sign_off, submitted
from xinbao.scoring import actions, queries
from xinbao.scoring.models import ScoreEntry
from xinbao.scoring.notices.content import item_titles
from xinbao.scoring.notices.data import ItemLine

from .factories import rule_set

RULES = """name: 县级采用
period: year
adoptions:
  - {key: county, label: 县委办采用, match: {levels: [county]}, points: 5}
item_awards:
  - {name: 优秀信息, levels: [county]}
"""
WRITER = "城关镇一窗通办"
ADOPTED = "城关镇推行“一窗通办”办事时间缩短一半"
PRINTED = "清河县城关镇“一窗通办”见实效"


def _lines(rs, item_id):  # type: ignore[no-untyped-def]
    return list(ScoreEntry.objects.filter(rule_set=rs, item_id=item_id).values_list("explanation", flat=True))


def _year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def test_ledger_top_list_awards_and_notice_follow_adoption_then_print(city, login) -> None:  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    rs = rule_set(city.county_hub, city.channels["party"], RULES, datetime.date(today.year, 1, 1))
    sub = submitted(city, WRITER)
    items_actions.edit_submission(city.county_editor, sub, title=ADOPTED, body="正文。")
    items_actions.adopt(city.county_editor, sub)
    year = _year(today)
    actions.recompute(None, rs, *year)
    # Adopted under the hub's title: the ledger line says it, not the writer's.
    [line] = _lines(rs, sub.item_id)
    assert f"《{ADOPTED}》" in line and WRITER not in line
    assert [t["title"] for t in queries.top_items(rs, *year)] == [ADOPTED]

    issue = publications.create_issue(city.county_editor, periodical(city))
    publications.add_entry(city.county_editor, issue, sub)
    entry = issue.entries.get()
    publications.edit_entry(city.county_editor, entry, title=PRINTED, body="正文。", editor_note="")
    sign_off(city, issue)
    sub.refresh_from_db()
    items_actions.edit_submission(city.county_editor, sub, title="另一个标题", body="正文。")  # after print
    actions.recompute(None, rs, *year)
    # Printed: the ledger line, the 十佳 list, the item awards and a notice all say the printed title.
    [line] = _lines(rs, sub.item_id)
    assert f"《{PRINTED}》" in line
    assert [t["title"] for t in queries.top_items(rs, *year)] == [PRINTED]
    assert [a.title for a in queries.item_awards(rs, *year)] == [PRINTED]
    assert item_titles([ItemLine(sub.item_id, WRITER, "清河城关镇", "5")]) == {sub.item_id: PRINTED}
    page = login(city.officer).get(f"/scoring/{rs.pk}/rankings/?period={today.year}").content.decode()
    assert page.count(PRINTED) == 2 and "另一个标题" not in page  # top list and awards


def test_a_secret_items_title_never_reaches_a_ledger_line_or_the_rankings(city, login) -> None:  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    rs = rule_set(city.county_hub, city.channels["party"], RULES, datetime.date(today.year, 1, 1))
    sub = make_submitted_item(city, title="城关镇某涉密事项", classification="secret")
    items_actions.adopt(city.county_editor, sub)
    year = _year(today)
    actions.recompute(None, rs, *year)
    [line] = _lines(rs, sub.item_id)
    assert "涉密事项" not in line and neutral_label(sub.item_id) in line
    # The township's signer reads the rankings: the top list labels the item too.
    page = login(city.officer2).get(f"/scoring/{rs.pk}/rankings/?period={today.year}").content.decode()
    assert "涉密事项" not in page and neutral_label(sub.item_id) in page
