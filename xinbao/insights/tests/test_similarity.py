"""Similar items: the index follows the items' actions, and lookups honour the read policy."""

from __future__ import annotations

import pytest

from xinbao.insights import similarity
from xinbao.items import actions
from xinbao.items.testing import make_submitted_item

pytestmark = pytest.mark.django_db

BODY = (
    "今年以来，城关镇坚持问题导向，围绕农村饮水安全工作精准发力，新建集中供水站3处，改造饮水管网12公里，"
    "惠及群众8600余人。一是成立工作专班，明确责任分工。二是建立周调度机制，每周通报进展。"
    "三是引入第三方评估，确保工程质量。下一步，将持续跟踪问效，确保群众喝上放心水。"
)
# The same event reported by another township: sentences reordered, names and a few phrases changed.
EDITED = (
    "一是成立工作专班，明确责任分工。今年以来，新华镇坚持问题导向，围绕农村饮水安全工作精准发力，新建集中供水站3处，"
    "改造饮水管网15公里，惠及群众8000余人。三是引入第三方评估，确保工程质量。二是建立周调度机制，每周通报进展。"
    "下一步，将持续跟踪问效，确保群众喝上放心水。"
)
OTHER = "白石县石桥镇森林防火形势严峻，近期连续晴热少雨，林区可燃物积累较多，建议加强巡查，落实网格化管理责任。"


def draft(city, officer, title, body):
    return actions.create_draft(officer, category="news", title=title, body=body)


def test_a_draft_finds_a_submitted_item_of_another_unit_under_the_same_hub(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sub = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
    matches = similarity.similar_for(city.officer2, "新华镇饮水安全工程进展顺利", EDITED)
    assert [m.item_id for m in matches] == [sub.item_id]
    assert matches[0].score >= similarity.DEFAULT_THRESHOLD
    # Another unit's item: the title (not sensitive) and unit, but not readable (no text, no diff).
    assert matches[0].readable is False
    assert matches[0].title == "城关镇农村饮水安全工程惠及8600余人"
    # Unrelated text: nothing.
    assert similarity.similar_for(city.officer2, "森林防火", OTHER) == []


def test_other_units_drafts_never_appear(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft(city, city.officer, "城关镇农村饮水安全工程惠及8600余人", BODY)
    assert similarity.similar_for(city.officer2, "新华镇饮水安全", EDITED) == []
    # The author's own unit sees its draft (readable).
    mine = similarity.similar_for(city.officer, "新华镇饮水安全", EDITED)
    assert len(mine) == 1 and mine[0].readable


def test_a_hub_sees_its_own_units_items_only(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sub = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程", body=BODY)
        other_county = make_submitted_item(city, officer=city.officer3, title="石桥镇农村饮水安全工程", body=BODY)
    county = similarity.similar_for(city.county_editor, "饮水安全", EDITED)
    assert [m.item_id for m in county] == [sub.item_id]
    assert county[0].readable  # submitted to this hub: the editor may read it
    county2 = similarity.similar_for(city.county2_editor, "饮水安全", EDITED)
    assert [m.item_id for m in county2] == [other_county.item_id]
    # Admin accounts see nothing.
    assert similarity.similar_for(city.sysadmin, "饮水安全", EDITED) == []


def test_a_sensitive_item_shows_a_neutral_label_to_those_who_may_not_read_it(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sub = make_submitted_item(
            city, officer=city.officer, title="城关镇饮水安全机密事项", body=BODY, classification="confidential"
        )
    seen = similarity.similar_for(city.officer2, "饮水安全", EDITED)
    assert len(seen) == 1
    assert "城关镇" not in seen[0].title and str(sub.item_id) in seen[0].title
    # The county editor (clearance 秘密) may not read a 机密 item either: label, not readable.
    editor = similarity.similar_for(city.county_editor, "饮水安全", EDITED)
    assert editor[0].readable is False and "机密" not in editor[0].title
    chief = similarity.similar_for(city.county_chief, "饮水安全", EDITED)
    assert chief[0].readable is True and chief[0].title == "城关镇饮水安全机密事项"


def test_deleting_a_draft_removes_it_from_the_index(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = draft(city, city.officer, "城关镇饮水安全", BODY)
    assert similarity.similar_for(city.officer, "x", EDITED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_draft(city.officer, item)
    assert similarity.similar_for(city.officer, "x", EDITED) == []


def test_a_rolled_back_transaction_does_not_stop_later_indexing(city, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                draft(city, city.officer, "回滚的草稿", BODY)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        draft(city, city.officer, "城关镇饮水安全", BODY)
    assert [m.title for m in similarity.similar_for(city.officer, "x", EDITED)] == ["城关镇饮水安全"]


def test_a_hub_never_sees_a_units_unsent_revision(city, login, django_capture_on_commit_callbacks):
    from xinbao.items.models import Item

    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(city, officer=city.officer, title="城关镇饮水安全工程", body=BODY)
        b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程", body=EDITED)
        # The hub returns 城关镇's item; the unit revises it but has not sent the revision yet.
        actions.return_submission(city.county_editor, a, "请补充数据", revision=a.revision)
        item = Item.objects.get(pk=a.item_id)
        actions.update_draft(
            city.officer, item, title="城关镇饮水安全工程（未报送修改稿）", body=BODY + "未报送的新内容。"
        )
    matches = similarity.similar_for(city.county_editor, "饮水", EDITED)
    assert "未报送" not in " ".join(m.title for m in matches)
    page = login(city.county_editor).get(f"/insights/compare/{a.item_id}/{b.item_id}/").content.decode()
    assert "未报送" not in page
    own = login(city.officer).get(f"/insights/compare/{a.item_id}/{a.item_id}/")
    assert own.status_code == 404  # an item is not compared with itself


def test_the_exact_score_is_the_jaccard_of_the_shingle_sets():
    """The lookup computes the query's shingles once; the score is the same float as the textbook formula."""
    from xinbao.insights.text import shingles

    for a, b in [(BODY, EDITED), (BODY, OTHER), (EDITED, EDITED), ("", BODY)]:
        sa, sb = set(shingles(a)), set(shingles(b))
        expected = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
        assert similarity.jaccard(a, b) == expected
