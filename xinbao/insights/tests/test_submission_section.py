"""The hub's submission page: similar items of the hub's scope (insights' section on an items page)
and the category / 喜忧 suggestions, as the read policy allows; a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinbao.insights import corpus, suggest
from xinbao.insights.tests.test_api_checks import _history
from xinbao.insights.tests.test_similarity import BODY, EDITED, OTHER
from xinbao.items import actions
from xinbao.items.models import Submission, SubmissionState
from xinbao.items.testing import make_submitted_item

pytestmark = pytest.mark.django_db


def page(client, sub) -> str:
    response = client.get(f"/items/s/{sub.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str) -> str:
    start = html.find('data-testid="submission-similar"')
    assert start >= 0, "no similar-items section"
    return html[start : html.find('data-testid="versions"', start)]


def test_the_hub_sees_the_similar_items_of_its_units_with_compare_and_merge(
    city, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
        b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程进展顺利", body=EDITED)
        make_submitted_item(city, officer=city.officer3, title="石桥镇饮水安全工程", body=BODY)  # another county
        make_submitted_item(city, officer=city.officer2, title="新华镇森林防火", body=OTHER)
    box = section(page(login(city.county_editor), b))
    assert box.count('data-testid="submission-similar-match"') == 1
    assert "城关镇农村饮水安全工程惠及8600余人" in box and "石桥镇" not in box and "森林防火" not in box
    assert "相似度 0." in box and "本级：待处理" in box
    assert f'href="/insights/compare/{b.item_id}/{a.item_id}/"' in box
    assert f'href="/items/queue/merge/?sub={b.pk}&amp;sub={a.pk}"' in box
    # The links lead to the comparison and the prefilled merge form.
    client = login(city.county_editor)
    assert client.get(f"/insights/compare/{b.item_id}/{a.item_id}/").status_code == 200
    merge = client.get(f"/items/queue/merge/?sub={b.pk}&sub={a.pk}").content.decode()
    assert "城关镇" in merge and "新华镇" in merge
    # The other county's hub sees its own unit's item, not this county's.
    other = Submission.objects.get(item__title="石桥镇饮水安全工程")
    box2 = section(page(login(city.county2_editor), other))
    assert "submission-similar-none" in box2 and "城关镇" not in box2
    # The unit that sent the item opens the same page without the hub's box.
    assert 'data-testid="submission-similar"' not in page(login(city.officer2), b)


def test_a_sensitive_match_is_a_label_without_links_for_whoever_may_not_read_it(
    city, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(
            city, officer=city.officer, title="城关镇饮水安全机密事项", body=BODY, classification="confidential"
        )
        b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程进展顺利", body=EDITED)
    # The editor (clearance 秘密) may not read a 机密 item: its number, no title, no comparison, no merge.
    box = section(page(login(city.county_editor), b))
    assert "机密事项" not in box and f"编号{a.item_id}" in box
    assert "/insights/compare/" not in box and "/items/queue/merge/" not in box
    # The chief may read it: the title and both links.
    chief = section(page(login(city.county_chief), b))
    assert "城关镇饮水安全机密事项" in chief
    assert f"/insights/compare/{b.item_id}/{a.item_id}/" in chief and "/items/queue/merge/" in chief


def test_merged_sources_and_the_hubs_own_combined_item(city, login, django_capture_on_commit_callbacks):
    """The hub's own items (a combined item it sends upward) are in its scope; submissions already
    merged show their state and no merge link."""
    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程惠及8600余人", body=BODY)
        b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程进展顺利", body=EDITED)
        combined = actions.merge(city.county_editor, [a, b], title="我县农村饮水安全工程惠及群众", body=BODY)
        c = make_submitted_item(city, officer=city.officer2, title="新华镇饮水工程再推进", body=EDITED + "再推进。")
    box = section(page(login(city.county_editor), c))
    assert box.count('data-testid="submission-similar-match"') == 3
    assert "我县农村饮水安全工程惠及群众" in box and "本级：已综合" in box
    assert f"/insights/compare/{c.item_id}/{combined.item_id}/" in box
    # Only the combined item's submission at the hub is still open: one merge link, with it.
    assert box.count("/items/queue/merge/") == 1
    assert f"/items/queue/merge/?sub={c.pk}&amp;sub={combined.pk}" in box


def test_the_page_query_count_is_the_same_for_one_and_several_similar_items(
    city, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        target = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程进展顺利", body=EDITED)
        make_submitted_item(city, officer=city.officer, title="城关镇农村饮水安全工程一", body=BODY)
    client = login(city.county_editor)
    page(client, target)  # the first visit records presence; count the second

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            html = page(client, target)
        return len(ctx.captured_queries), html

    one, html = count()
    assert section(html).count('data-testid="submission-similar-match"') == 1
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            make_submitted_item(
                city, officer=city.officer, title=f"城关镇农村饮水安全工程{i + 2}", body=BODY + "一" * i
            )
    several, html = count()
    assert section(html).count('data-testid="submission-similar-match"') == 4
    assert several == one, f"{one} queries with one similar item, {several} with four"


def test_suggestions_while_screening_are_shown_and_never_applied(city, login, django_capture_on_commit_callbacks):
    _history(city, 60)
    suggest.retrain(city.county_hub)
    sample = corpus.text(__import__("random").Random(99), "problem")
    with django_capture_on_commit_callbacks(execute=True):
        sub = make_submitted_item(
            city, officer=city.officer2, title=sample.title[:200], body=sample.body, category="news", tone="good"
        )
    box = section(page(login(city.county_editor), sub))
    assert 'data-testid="submission-suggestions"' in box
    assert "类别：问题" in box and "依据 60 条采用信息" in box and "报送为“动态”" in box
    sub.refresh_from_db()
    assert (sub.category, sub.tone, sub.state) == ("news", "good", SubmissionState.PENDING)
    # The other county's hub has no model: no suggestions on its pages.
    with django_capture_on_commit_callbacks(execute=True):
        other = make_submitted_item(city, officer=city.officer3, title=sample.title[:200], body=sample.body)
    assert 'data-testid="submission-suggestions"' not in section(page(login(city.county2_editor), other))
