import io

from docx import Document

from xinbao.publications import actions

from .factories import composed, periodical, sign_off


def test_api_lists_periodicals_issues_and_serves_the_word_file(city, login):
    paper = periodical(city)
    issue = sign_off(city, composed(city, paper, ["甲稿", "乙稿"]))
    actions.publish_issue(city.county_editor, issue)
    client = login(city.county_editor)
    assert [p["name"] for p in client.get("/api/publications/periodicals").json()] == ["清河信息"]
    listing = client.get("/api/publications/issues?q=乙稿").json()
    assert listing["count"] == 1 and listing["items"][0]["label"] == issue.label
    assert listing["items"][0]["has_docx"] is True
    detail = client.get(f"/api/publications/issues/{issue.pk}").json()
    assert [e["title"] for e in detail["entries"]] == ["甲稿", "乙稿"]
    response = client.get(f"/api/publications/issues/{issue.pk}/docx")
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "甲稿" in [p.text for p in document.paragraphs]


def test_api_hides_issues_not_sent_to_the_unit(city, login):
    issue = sign_off(city, composed(city, periodical(city), ["甲稿"]))
    actions.publish_issue(city.county_editor, issue)
    client = login(city.officer3)  # 白石: not on the distribution
    assert client.get("/api/publications/issues").json()["count"] == 0
    assert client.get(f"/api/publications/issues/{issue.pk}").status_code == 404
    assert client.get("/api/publications/periodicals").json() == []
