"""Search: Chinese words found through the segmented index, and every role sees only its scope."""

from __future__ import annotations

import pytest

from xinbao.insights import search
from xinbao.insights.models import DocKind
from xinbao.items import actions
from xinbao.items.testing import make_submitted_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_submitted_item(
            city, officer=city.officer, title="城关镇冷链物流体系建设", body="城关镇新建冷链物流中心一处。"
        )
        make_submitted_item(
            city, officer=city.officer2, title="新华镇信访积案化解", body="新华镇冷链物流短板明显，积案化解率提高。"
        )
        make_submitted_item(city, officer=city.officer3, title="石桥镇冷链物流", body="白石县石桥镇冷链物流起步。")
        make_submitted_item(
            city,
            officer=city.officer,
            title="城关镇机密冷链事项",
            body="冷链物流机密内容。",
            classification="confidential",
        )
        actions.create_draft(city.officer2, category="news", title="新华镇冷链物流草稿", body="冷链物流草稿正文。")
    return city


def titles(user, q: str = "冷链物流", **kw):
    result = search.search(user, q, search.Filters(**kw))
    return sorted((h.kind, h.title.replace("<mark>", "").replace("</mark>", "")) for h in result.hits)


def test_a_writer_finds_their_units_items_only(corpus):
    assert titles(corpus.officer2) == [
        ("item", "新华镇信访积案化解"),
        ("item", "新华镇冷链物流草稿"),
    ]
    # The author always finds what they wrote, even 机密; the unit's signer (机密 clearance) too.
    assert ("item", "城关镇机密冷链事项") in titles(corpus.officer)
    assert ("item", "城关镇机密冷链事项") in titles(corpus.signer)
    # Another township's officer finds nothing of 城关镇.
    assert not [t for t in titles(corpus.officer2) if "城关镇" in t[1]]


def test_a_hub_finds_what_reached_it_and_never_drafts(corpus):
    editor = titles(corpus.county_editor, kind=DocKind.SUBMISSION)
    assert editor == [("submission", "城关镇冷链物流体系建设"), ("submission", "新华镇信访积案化解")]
    chief = titles(corpus.county_chief, kind=DocKind.SUBMISSION)
    assert ("submission", "城关镇机密冷链事项") in chief
    assert titles(corpus.county2_editor) == [("submission", "石桥镇冷链物流")]
    assert titles(corpus.city_editor) == []  # nothing forwarded to the city yet


@pytest.mark.parametrize("name", ["sysadmin", "secadmin", "auditadmin"])
def test_admin_accounts_find_nothing(corpus, name):
    assert titles(corpus.people[name]) == []


def test_segmented_words_partial_terms_and_highlights(corpus):
    result = search.search(corpus.officer2, "积案化解")
    assert [h.object_id for h in result.hits] and result.total == 1
    assert "<mark>积案</mark>" in result.hits[0].title or "<mark>积案化解</mark>" in result.hits[0].title
    assert search.search(corpus.officer2, "不存在的词语组合").total == 0
    assert search.search(corpus.officer2, "！！").hits == []  # punctuation only: nothing asked


def test_filters_by_category_and_kind(corpus):
    assert titles(corpus.officer2, state="draft") == [("item", "新华镇冷链物流草稿")]
    assert titles(corpus.officer2, category="problem") == []


def test_highlight_escapes_html():
    assert str(search.highlight("<b>冷链</b>", ["冷链"])) == "&lt;b&gt;<mark>冷链</mark>&lt;/b&gt;"


def test_the_search_page(corpus, login, django_assert_max_num_queries):
    client = login(corpus.county_editor)
    with django_assert_max_num_queries(15):
        page = client.get("/insights/search/?q=冷链物流").content.decode()
    assert "城关镇" in page and "石桥镇" not in page


def test_a_hub_dictionary_word_is_used_after_reindexing(corpus, django_capture_on_commit_callbacks):
    from xinbao.insights import actions as insights_actions
    from xinbao.insights.text import words

    insights_actions.add_term(corpus.county_editor, corpus.county_hub, "dictionary", "一窗通办")
    assert "一窗通办" in words("推行一窗通办改革")


def test_hub_staff_find_their_notice(city, settings, tmp_path, django_capture_on_commit_callbacks):
    """A 通报 is found by the hub that writes it (its scope comes from scoring.notices.queries), never
    by a unit it has not been published to yet."""
    import datetime

    from xinbao.scoring import notice_actions
    from xinbao.scoring.periods import containing
    from xinbao.scoring.tests.factories import example, rule_set

    settings.MEDIA_ROOT = tmp_path
    rs = rule_set(
        city.county_hub, city.channels["party"], example("district_quarterly.yaml"), datetime.date(2026, 1, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_actions.create_notice(city.county_editor, rs, containing("quarter", datetime.date(2026, 2, 1)))
    found = search.search(city.county_editor, notice.title, search.Filters(kind=DocKind.NOTICE))
    assert [h.url for h in found.hits] == [f"/scoring/notices/{notice.pk}/"]
    assert search.search(city.officer, notice.title, search.Filters(kind=DocKind.NOTICE)).hits == []
