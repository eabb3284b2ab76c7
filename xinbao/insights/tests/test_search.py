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


@pytest.fixture
def dated(city, django_capture_on_commit_callbacks):
    """Four submissions to the county hub on known days, each naming 冷链物流, then screened:

    | title | unit | received | state at the hub |
    |---|---|---|---|
    | 城关镇冷链一 | 城关镇 | 2026-03-10 | adopted |
    | 城关镇冷链二 | 城关镇 | 2026-04-15 | pending |
    | 新华镇冷链三 | 新华镇 | 2026-04-20 | returned |
    | 新华镇冷链四 | 新华镇 | 2026-05-05 | pending |

    plus a draft of 新华镇 (never the hub's) written on 2026-04-18.
    """
    import datetime

    import time_machine

    def on(day: str):
        return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+08:00"), tick=False)

    rows = [
        (city.officer, "城关镇冷链一", "2026-03-10"),
        (city.officer, "城关镇冷链二", "2026-04-15"),
        (city.officer2, "新华镇冷链三", "2026-04-20"),
        (city.officer2, "新华镇冷链四", "2026-05-05"),
    ]
    subs = {}
    with django_capture_on_commit_callbacks(execute=True):
        for officer, title, day in rows:
            with on(day):
                subs[title] = make_submitted_item(city, officer=officer, title=title, body=f"{title}：冷链物流建设。")
        with on("2026-04-18"):
            actions.create_draft(city.officer2, category="news", title="新华镇冷链草稿", body="冷链物流草稿。")
        with on("2026-05-06"):
            actions.adopt(city.county_editor, subs["城关镇冷链一"])
            actions.return_submission(city.county_editor, subs["新华镇冷链三"], "请补充数据")
    return city


def hub_titles(city, **kw):
    return [t for _kind, t in titles(city.county_editor, kind=DocKind.SUBMISSION, **kw)]


def test_filters_by_unit_period_and_state_worked_by_hand(dated):
    city = dated
    assert hub_titles(city) == ["城关镇冷链一", "城关镇冷链二", "新华镇冷链三", "新华镇冷链四"]
    # Unit: the submissions' origin unit.
    assert hub_titles(city, unit_id=city.units["township"].pk) == ["城关镇冷链一", "城关镇冷链二"]
    assert hub_titles(city, unit_id=city.units["township2"].pk) == ["新华镇冷链三", "新华镇冷链四"]
    assert hub_titles(city, unit_id=city.units["township3"].pk) == []
    # Period: the day received, both ends included (April: 04-15 and 04-20; 04-16..04-19: none).
    import datetime

    day = datetime.date.fromisoformat
    assert hub_titles(city, start=day("2026-04-01"), end=day("2026-04-30")) == ["城关镇冷链二", "新华镇冷链三"]
    assert hub_titles(city, start=day("2026-04-15"), end=day("2026-04-20")) == ["城关镇冷链二", "新华镇冷链三"]
    assert hub_titles(city, start=day("2026-04-16"), end=day("2026-04-19")) == []
    assert hub_titles(city, start=day("2026-04-16")) == ["新华镇冷链三", "新华镇冷链四"]
    assert hub_titles(city, end=day("2026-03-31")) == ["城关镇冷链一"]
    # State: the submission's state at the hub, after the decisions of 05-06.
    assert hub_titles(city, state="adopted") == ["城关镇冷链一"]
    assert hub_titles(city, state="returned") == ["新华镇冷链三"]
    assert hub_titles(city, state="pending") == ["城关镇冷链二", "新华镇冷链四"]
    # Together: 新华镇 in April → 三 only; 城关镇 pending → 二 only.
    april = {"start": day("2026-04-01"), "end": day("2026-04-30")}
    assert hub_titles(city, unit_id=city.units["township2"].pk, **april) == ["新华镇冷链三"]
    assert hub_titles(city, unit_id=city.units["township"].pk, state="pending") == ["城关镇冷链二"]
    # The writer's own items: the item's state; the draft is found by its unit only, by its day.
    assert titles(city.officer2, state="draft") == [("item", "新华镇冷链草稿")]
    assert titles(city.officer2, start=day("2026-04-18"), end=day("2026-04-18")) == [("item", "新华镇冷链草稿")]
    assert titles(city.county_editor, state="draft") == []


def test_the_search_page_passes_unit_period_and_state(dated, login):
    city = dated
    unit = city.units["township2"].pk
    page = login(city.county_editor).get(
        f"/insights/search/?q=冷链物流&kind=submission&unit={unit}&start=2026-04-01&end=2026-04-30&state=returned"
    )
    html = page.content.decode()
    assert "新华镇冷链三" in html.replace("<mark>", "").replace("</mark>", "")
    assert "新华镇冷链四" not in html and "城关镇冷链" not in html


# --- Ranking a bounded window (docs/decisions/0017) ------------------------------------------------------


@pytest.fixture
def many(city, django_capture_on_commit_callbacks):
    """Five of 城关镇's items naming 冷链物流: the oldest says it in its title and three times in its text."""
    with django_capture_on_commit_callbacks(execute=True):
        best = make_submitted_item(
            city,
            officer=city.officer,
            title="城关镇冷链物流专题",
            body="冷链物流中心建成。冷链物流企业入驻。冷链物流补短板。",
        ).item_id
        for k in range(4):
            make_submitted_item(
                city, officer=city.officer, title=f"城关镇工作动态{k}", body=f"第{k}项工作涉及冷链物流。"
            )
    return best


def test_the_best_match_comes_first_whatever_its_age(city, many):
    result = search.search(city.officer, "冷链物流", search.Filters(kind=DocKind.ITEM))
    assert result.total == 5 and not result.windowed
    assert result.hits[0].object_id == many  # the oldest, but the word in its title and three times in its text


def test_only_the_newest_matches_are_ranked_but_all_are_counted(city, many, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    result = search.search(city.officer, "冷链物流", search.Filters(kind=DocKind.ITEM))
    assert (result.total, result.windowed, result.capped, result.pages) == (5, True, False, 2)  # 3 ranked, 2 a page
    assert many not in [h.object_id for h in result.hits]  # the oldest is outside the window
    # Fewer matches than the window: the window's length is the count, no counting query.
    monkeypatch.setattr(search, "RANK_WINDOW", 10)
    search.search(city.officer, "冷链物流")  # the reader's roles, read once
    # The window; the words' weights (冷链物流 is two words: the largest id, a capped count for each);
    # the ranked page; its documents; the read policy.
    with django_assert_num_queries(7):
        result = search.search(city.officer, "冷链物流", search.Filters(kind=DocKind.ITEM))
    assert (result.total, result.windowed) == (5, False)


def test_a_rarer_word_weighs_more(city, django_capture_on_commit_callbacks):
    """Two words: the document with the rarer one (积案) more often ranks first."""
    with django_capture_on_commit_callbacks(execute=True):
        for k in range(6):
            make_submitted_item(city, officer=city.officer, title=f"城关镇动态{k}", body="工作调度会召开。")
        rare = make_submitted_item(
            city, officer=city.officer, title="城关镇信访", body="积案化解工作调度。积案清零。积案回访。"
        ).item_id
        make_submitted_item(city, officer=city.officer, title="城关镇调度", body="积案化解工作调度。调度会。调度到位。")
    result = search.search(city.officer, "积案 调度", search.Filters(kind=DocKind.ITEM))
    assert result.total == 2 and result.hits[0].object_id == rare


def test_the_page_says_which_matches_are_ranked(city, many, login, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    page = login(city.officer).get("/insights/search/?q=冷链物流&kind=item").content.decode()
    assert "共 5 条结果" in page and "按相关程度排列的是其中最新的 3 条。" in page
