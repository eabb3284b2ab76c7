"""The insights API, writing checks, suggestions and the draft page's similar-item fragment."""

from __future__ import annotations

import json

import pytest

from xinbao.insights import checks, corpus, suggest
from xinbao.insights.models import SuggestionModel
from xinbao.items.models import Submission, SubmissionState
from xinbao.items.testing import make_submitted_item

from .test_similarity import BODY, EDITED

pytestmark = pytest.mark.django_db


def post(client, path, payload):
    return client.post(path, json.dumps(payload), content_type="application/json")


def test_similar_api_returns_only_what_the_caller_may_know(city, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sub = make_submitted_item(city, officer=city.officer, title="城关镇饮水安全工程", body=BODY)
    found = post(login(city.county_editor), "/api/insights/similar", {"title": "饮水安全", "body": EDITED}).json()
    assert [m["item_id"] for m in found] == [sub.item_id] and found[0]["readable"] is True
    assert found[0]["score"] >= 0.28
    assert post(login(city.county2_editor), "/api/insights/similar", {"title": "饮水", "body": EDITED}).json() == []
    assert post(login(city.sysadmin), "/api/insights/similar", {"title": "饮水", "body": EDITED}).status_code == 403
    bad = post(login(city.officer2), "/api/insights/similar", {"title": " ", "body": ""})
    assert bad.status_code == 400 and "标题或正文" in bad.json()["detail"]


def test_draft_fragment_warns_the_writer(city, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_submitted_item(city, officer=city.officer, title="城关镇饮水安全工程", body=BODY)
    html = login(city.officer2).post("/insights/similar/", {"title": "新华镇饮水", "body": EDITED}).content.decode()
    assert 'data-testid="similar-match"' in html and "城关镇饮水安全工程" in html
    assert "对照" not in html  # another unit's item: no comparison (its text is not the writer's to read)
    empty = login(city.officer2).post("/insights/similar/", {"title": "", "body": ""}).content.decode()
    assert "similar-match" not in empty


def test_compare_only_when_both_are_readable(city, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        a = make_submitted_item(city, officer=city.officer, title="城关镇饮水安全工程", body=BODY)
        b = make_submitted_item(city, officer=city.officer2, title="新华镇饮水安全工程", body=EDITED)
    page = login(city.county_editor).get(f"/insights/compare/{a.item_id}/{b.item_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "xb-ins" in html and f"sub={a.pk}" in html and f"sub={b.pk}" in html  # the hub may merge them
    assert login(city.officer2).get(f"/insights/compare/{a.item_id}/{b.item_id}/").status_code == 404
    assert login(city.county2_editor).get(f"/insights/compare/{a.item_id}/{b.item_id}/").status_code == 404


def test_writing_checks(city):
    from xinbao.insights import actions

    actions.add_term(city.county_editor, city.county_hub, "sensitive", "据小道消息")
    actions.add_term(city.county_editor, city.county_hub, "topic", "农村饮水安全")
    problem = "新华镇饮水工程存在管网老化问题。据小道消息，群众意见较大。"
    report = checks.check(city.officer2, "饮水问题", problem, "problem")
    texts = " ".join(f.text for f in report.findings)
    assert "偏短" in texts  # about 25 characters; 问题类 is 300–1500
    assert "原因、建议" in texts  # 问题 is there; 原因 and 建议 are missing
    assert report.sensitive == ["据小道消息"]
    assert report.topics == [("农村饮水安全", "")]
    # Another county's writer is checked against their own hub's lists only.
    assert checks.check(city.officer3, "饮水问题", problem, "problem").sensitive == []


def test_commission_topics_come_through_the_hook(city):
    def topics(user):
        return [("秋粮收购进展", "/commissions/1/")]

    checks.register_topic_source(topics)
    try:
        report = checks.check(city.officer, "秋粮收购", "今年秋粮收购工作平稳有序。", "news")
        assert report.topics == [("秋粮收购进展", "/commissions/1/")]
    finally:
        checks.unregister_topic_source(topics)


def test_add_term_refuses_bad_input_and_other_hubs(city):
    from xinbao.core.errors import DomainError, PermissionRefused
    from xinbao.insights import actions

    with pytest.raises(DomainError, match="请填写词语"):
        actions.add_term(city.county_editor, city.county_hub, "sensitive", "  ")
    with pytest.raises(PermissionRefused):
        actions.add_term(city.county2_editor, city.county_hub, "sensitive", "词")
    with pytest.raises(PermissionRefused):
        actions.add_term(city.officer, city.county_hub, "sensitive", "词")


def _history(city, n: int):
    """``n`` adopted items at the county hub, written in the manner of their category (corpus)."""
    texts = corpus.labelled(n, seed=3)
    for text in texts:
        cat = {"news": "news", "experience": "experience", "problem": "problem", "research": "research"}[text.category]
        tone = {"problem": "bad", "research": "neutral"}.get(cat, "good")
        sub = make_submitted_item(
            city, officer=city.officer, title=text.title[:200], body=text.body, category=cat, tone=tone
        )
        Submission.objects.filter(pk=sub.pk).update(state=SubmissionState.ADOPTED)


def test_suggestions_learned_from_the_hubs_adopted_items(city, login):
    assert suggest.suggest(city.officer2, "标题", "正文") == []  # no model yet
    _history(city, 60)
    saved = suggest.retrain(city.county_hub)
    assert {m.target for m in saved} == {"category", "tone"}
    model = SuggestionModel.objects.get(hub=city.county_hub, target="category")
    assert model.samples == 60 and model.accuracy is not None
    sample = corpus.text(__import__("random").Random(99), "problem")
    response = post(login(city.officer2), "/api/insights/suggest", {"title": sample.title, "body": sample.body}).json()
    category = next(s for s in response["suggestions"] if s["target"] == "category")
    assert category["value"] == "problem" and category["label"] == "问题" and 0.5 < category["confidence"] <= 1
    # Suggestions never change anything: no item was created or edited by asking.
    assert Submission.objects.count() == 60
    # The drafting form's side panel shows the same suggestion with its confidence.
    html = login(city.officer2).post("/insights/similar/", {"title": sample.title, "body": sample.body}).content
    panel = html.decode()
    assert 'data-testid="suggestions"' in panel and "问题" in panel and "依据 60 条采用信息" in panel
    # A hub without a trained model shows none (the other county's writer).
    other = login(city.officer3).post("/insights/similar/", {"title": sample.title, "body": sample.body})
    assert 'data-testid="suggestions"' not in other.content.decode()


def test_too_little_history_trains_nothing(city):
    _history(city, 5)
    assert suggest.retrain(city.county_hub) == []
