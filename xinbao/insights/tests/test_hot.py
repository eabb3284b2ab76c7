"""Hot topics: the same event from several units becomes one cluster with its units, keywords come from
the window's items, and titles follow the read policy."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinbao.insights import hot
from xinbao.items.testing import make_submitted_item

from .test_similarity import BODY, EDITED, OTHER

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(city, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
        b = make_submitted_item(
            city, officer=city.officer2, title="新华镇饮水安全机密事项", body=EDITED, classification="confidential"
        )
        c = make_submitted_item(city, officer=city.officer, title="城关镇森林防火", body=OTHER)
        make_submitted_item(
            city,
            officer=city.officer2,
            title="新华镇召开秋季征兵动员会",
            body="新华镇召开秋季征兵动员会，部署征兵宣传和体检。",
        )
    return a.item_id, b.item_id, c.item_id


def test_the_same_event_from_two_units_is_one_cluster(city, window):
    a, b, c = window
    topics = hot.hot_topics(city.county_chief, city.county_hub)
    assert c not in {i.item_id for t in topics if t.kind == "event" for i in t.items}
    events = [t for t in topics if t.kind == "event"]
    assert len(events) == 1
    assert sorted(i.item_id for i in events[0].items) == sorted([a, b])  # not the forest-fire item
    assert events[0].units == sorted([city.township.name, city.township2.name])
    # Keywords: a word counts if 2 ≤ its items ≤ 0.6 × 4 = 2.4 of the window's 4 items, so the words the
    # two reports of the event share (饮水, 供水站 …) make keyword topics listing exactly those two.
    keywords = [t for t in topics if t.kind == "keyword"]
    assert keywords and all(len(t.items) == 2 for t in keywords)
    assert any(sorted(i.item_id for i in t.items) == sorted([a, b]) for t in keywords)


def test_hot_topic_titles_follow_the_read_policy(city, window):
    a, b, _c = window
    # The chief may read the 机密 item; the editor (clearance 秘密) sees a neutral label and no link.
    chief = {i.item_id: i for t in hot.hot_topics(city.county_chief, city.county_hub) for i in t.items}
    editor = {i.item_id: i for t in hot.hot_topics(city.county_editor, city.county_hub) for i in t.items}
    assert chief[b].title == "新华镇饮水安全机密事项" and chief[b].url == f"/items/{b}/"
    assert "机密" not in editor[b].title and str(b) in editor[b].title and editor[b].url is None
    assert editor[a].title == "城关镇农村饮水安全工程惠及8600余人"
    # The other county's hub sees none of these items.
    other = hot.hot_topics(city.county2_editor, city.county2_hub)
    assert not {i.item_id for t in other for i in t.items} & {a, b}
