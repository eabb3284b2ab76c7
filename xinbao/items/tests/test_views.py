"""The pages: drafting (with docx import, attachments, nothing lost), sign-off, the queue and decisions."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xinbao.core.errors import DomainError
from xinbao.items import actions
from xinbao.items.models import Attachment, Item, ItemState, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item


def _post_draft(client, **extra):
    data = {
        "category": "problem",
        "title": "城关镇部分村饮水季节性短缺",
        "body": "一、基本情况。\n二、原因分析。\n三、对策建议。",
        "writer_name": "王芳",
        "writer_phone": "0571-1234567",
        "tone": "bad",
        "classification": "internal",
        "readers": "",
        "do": "save",
        **extra,
    }
    return client.post("/items/new/", data)


def test_officer_drafts_and_submits_through_pages(city, login):
    client = login(city.officer)
    page = client.get("/items/new/?category=problem")
    assert "对策建议" in page.content.decode()  # the category's writing guide
    response = _post_draft(client, do="submit", channels=[city.channels["party"].pk])
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/items/{item.pk}/"
    assert item.state == ItemState.PENDING_SIGNOFF
    assert "一、基本情况。\n二、原因分析。" in item.versions.get().body  # paragraphs kept
    signer = login(city.signer)
    assert item.title in signer.get("/items/signoff/").content.decode()
    signer.post(f"/items/{item.pk}/sign/")
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    assert Submission.objects.get(item=item).hub == city.county_hub


def test_the_writer_marks_a_picture_item_and_a_bad_type_is_refused(city, login):
    client = login(city.officer)
    assert 'name="item_type"' in client.get("/items/new/").content.decode()
    _post_draft(client, item_type="picture")
    item = Item.objects.get()
    assert item.item_type == "picture"
    assert "图片信息" in client.get(f"/items/{item.pk}/").content.decode()
    refused = _post_draft(client, item_type="poster")
    assert refused.status_code == 200 and Item.objects.count() == 1
    with pytest.raises(DomainError, match="信息类型不正确"):
        actions.update_draft(city.officer, item, item_type="poster")


def test_failed_submit_keeps_what_was_typed(city, login):
    client = login(city.officer)
    response = _post_draft(client, do="submit", writer_phone="")  # no channel, no phone
    assert response.status_code == 200
    body = response.content.decode()
    assert "一、基本情况。" in body and "城关镇部分村饮水季节性短缺" in body
    item = Item.objects.get()  # the draft itself was saved
    assert item.state == ItemState.DRAFT


def test_ui_cannot_send_past_the_own_hub(city, login):
    """越级 through the page: a channel the unit is not in is not offered and is refused if posted;
    a posted hub is ignored."""
    client = login(city.officer2)  # 新华镇 reports only in the party channel
    page = client.get("/items/new/").content.decode()
    assert "政务信息" not in page
    response = _post_draft(client, do="submit", channels=[city.channels["gov"].pk], hub=city.city_hub.pk)
    assert response.status_code == 200 and 'data-testid="error-channels"' in response.content.decode()
    assert not Submission.objects.exists()
    _post_draft(client, do="submit", channels=[city.channels["party"].pk], hub=city.city_hub.pk)
    actions.sign_off(city.signer2, Item.objects.get())
    assert [s.hub for s in Submission.objects.all()] == [city.county_hub]


def test_docx_import_fills_title_and_body(city, login):
    document = docx.Document()
    document.add_paragraph("新华镇秋粮收购进展顺利")
    document.add_paragraph("第一段。")
    document.add_paragraph("第二段。")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("稿件.docx", buffer.getvalue())
    client = login(city.officer)
    response = _post_draft(client, title="", body="", do="import", docx=upload)
    html = response.content.decode()
    assert response.status_code == 200 and "新华镇秋粮收购进展顺利" in html and "第一段。\n第二段。" in html
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ....", "不支持的附件类型"),
        ("假.pdf", b"not a pdf", "内容与文件类型不符"),
        ("空.txt", b"", "空文件"),
    ],
)
def test_bad_attachment_refused_with_message(city, login, name, content, message):
    client = login(city.officer)
    response = _post_draft(client, attachment=SimpleUploadedFile(name, content))
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_attachment_refused(city, settings):
    settings.XINBAO_MAX_ATTACHMENT_MB = 1
    item = actions.create_draft(city.officer, category="news", title="t", body="b")
    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError, match="超过1MB"):
        actions.add_attachment(city.officer, item, SimpleUploadedFile("大.txt", b"x" * (1024 * 1024 + 1)))


def test_good_attachment_is_stored(city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = actions.create_draft(city.officer, category="news", title="t", body="b")
    attachment = actions.add_attachment(city.officer, item, SimpleUploadedFile("表.pdf", b"%PDF-1.4 ..."))
    assert attachment.name == "表.pdf" and attachment.size == 12


def test_autosave_updates_the_draft(city, login):
    item = actions.create_draft(city.officer, category="news", title="初稿", body="")
    client = login(city.officer)
    response = client.post(
        f"/items/{item.pk}/autosave/",
        {
            "category": "news",
            "title": "初稿",
            "body": "自动保存的正文",
            "tone": "neutral",
            "classification": "internal",
        },
    )
    assert "已自动保存" in response.content.decode()
    assert item.versions.get().body == "自动保存的正文"


def test_queue_counts_filters_and_constant_queries(city, login, django_assert_max_num_queries):
    for i in range(3):
        make_submitted_item(city, title=f"动态{i}")
    bad = make_submitted_item(city, title="问题一则", category="problem", tone="bad")
    actions.reserve(city.county_editor, bad)
    client = login(city.county_editor)
    with django_assert_max_num_queries(12):
        html = client.get("/items/queue/").content.decode()
    assert "动态0" in html and "问题一则" not in html
    html = client.get("/items/queue/?state=reserve").content.decode()
    assert "问题一则" in html and "动态0" not in html
    html = client.get("/items/queue/?state=all&q=问题").content.decode()
    assert "问题一则" in html and "动态1" not in html
    for i in range(3, 30):
        make_submitted_item(city, title=f"动态{i}")
    with django_assert_max_num_queries(12):
        client.get("/items/queue/?state=all")
    officer = login(city.officer)
    with django_assert_max_num_queries(12):
        officer.get("/items/")


def test_decisions_through_pages_and_conflict_message(city, login, client):
    sub = make_submitted_item(city)
    first = login(city.county_editor2)
    first.get(f"/items/s/{sub.pk}/")
    editor = login(city.county_editor)
    page = editor.get(f"/items/s/{sub.pk}/").content.decode()
    assert "测试county_editor2" in page  # presence: the other editor is on it
    editor.post(f"/items/s/{sub.pk}/adopt/", {"revision": "0"})
    response = editor.post(f"/items/s/{sub.pk}/reject/", {"revision": "0", "reason": "重复"}, follow=True)
    assert "已被" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ADOPTED


def test_hub_edit_and_compare_pages(city, login):
    sub = make_submitted_item(city, body="原来的正文内容")
    client = login(city.county_editor)
    client.post(f"/items/s/{sub.pk}/edit/", {"title": sub.title, "body": "修改后的正文内容", "note": "", "revision": 0})
    html = client.get(f"/items/{sub.item_id}/compare/?a=1&b=2").content.decode()
    assert "<del" in html and "<ins" in html
    assert "原来" in html and "修改后" in html


def test_other_unit_cannot_open_item(city, login):
    sub = make_submitted_item(city)
    assert login(city.officer3).get(f"/items/{sub.item_id}/").status_code == 404
    assert login(city.county2_editor).get(f"/items/s/{sub.pk}/").status_code == 404
    assert login(city.county_editor).get(f"/items/{sub.item_id}/").status_code == 200


def test_guide_follows_the_category(city, login):
    client = login(city.officer)
    assert "对策建议" in client.get("/items/guide/?category=problem").content.decode()
    assert 'hx-get="/items/guide/"' in client.get("/items/new/").content.decode()


def test_autosave_on_the_new_page_creates_one_draft_and_saving_continues_it(city, login):
    client = login(city.officer)
    fields = {"category": "news", "tone": "neutral", "classification": "internal", "body": "正在写"}
    assert "填写标题后" in client.post("/items/new/autosave/", {**fields, "title": ""}).content.decode()
    assert not Item.objects.exists()
    answer = client.post("/items/new/autosave/", {**fields, "title": "新稿"}).content.decode()
    item = Item.objects.get()
    assert "已自动保存" in answer and f'value="{item.pk}"' in answer and 'hx-swap-oob="true"' in answer
    client.post("/items/new/autosave/", {**fields, "title": "新稿", "body": "写了更多", "draft_id": item.pk})
    _post_draft(client, title="新稿（定稿）", draft_id=item.pk)
    item = Item.objects.get()  # still one draft
    assert item.title == "新稿（定稿）" and item.versions.count() == 1
    other = login(city.officer2)
    assert other.post("/items/new/autosave/", {**fields, "title": "x", "draft_id": item.pk}).status_code == 404


def test_queue_page_counts_and_capped_search(city, login, monkeypatch):
    from xinbao.items import views

    for i in range(4):
        make_submitted_item(city, title=f"秋粮{i}")
    actions.reserve(city.county_editor, Submission.objects.order_by("id").first())
    client = login(city.county_editor)
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    html = client.get("/items/queue/?state=all&per=20").content.decode()
    assert html.count('name="sub"') == 4 and 'data-testid="search-cap"' not in html
    html = client.get("/items/queue/?state=pending").content.decode()
    assert html.count('name="sub"') == 3
    html = client.get("/items/queue/?state=all&q=秋粮").content.decode()
    assert 'data-testid="search-cap"' in html  # 4 matches, more than the cap of 2
    assert html.count('name="sub"') == 3  # the cap bounds the count (3 = cap + 1), so one page of 3
