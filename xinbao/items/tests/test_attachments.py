"""Attachments are served only through a view that asks the read policy: permitted readers get the
file, everyone else a 404, anonymous people never; a hub sees what was sent with the item, not a file
added while the unit revises; content must match the extension."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinbao.core.errors import DomainError
from xinbao.items import actions
from xinbao.items.testing import make_submitted_item

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _draft_with_file(city, name="附件.pdf", content=PDF, **fields):
    item = actions.create_draft(
        city.officer, category="news", title="带附件的信息", body="正文", writer_name="王", writer_phone="123", **fields
    )
    attachment = actions.add_attachment(city.officer, item, SimpleUploadedFile(name, content))
    return item, attachment


def _status(login, user, attachment):
    return login(user).get(reverse("items:attachment", args=[attachment.pk])).status_code


def test_only_permitted_readers_get_the_file(city, login, client):
    item, attachment = _draft_with_file(city)
    url = reverse("items:attachment", args=[attachment.pk])
    response = login(city.officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert _status(login, city.signer, attachment) == 200
    for outsider in ("officer2", "county_editor", "city_editor"):
        assert _status(login, city.people[outsider], attachment) == 404, outsider
    for admin in ("sysadmin", "auditadmin"):  # 三员分立: refused at the door
        assert _status(login, city.people[admin], attachment) == 403, admin
    actions.submit(city.officer, item, [city.channels["party"]])
    actions.sign_off(city.signer, item)
    assert _status(login, city.county_editor, attachment) == 200
    assert _status(login, city.city_editor, attachment) == 404  # not forwarded to the city
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_classified_attachment_follows_the_items_classification(city, login):
    secret_item, secret_file = _draft_with_file(city, classification="secret")
    actions.submit(city.officer, secret_item, [city.channels["party"]])
    actions.sign_off(city.signer, secret_item)
    assert _status(login, city.county_editor, secret_file) == 200  # 秘密: editors screen it
    top_item, top_file = _draft_with_file(city, classification="confidential")
    actions.submit(city.officer, top_item, [city.channels["party"]])
    actions.sign_off(city.signer, top_item)
    assert _status(login, city.county_editor, top_file) == 404  # 机密: chief and director only
    assert _status(login, city.county_chief, top_file) == 200


def test_a_file_added_while_revising_stays_the_units_until_sent(city, login):
    item, first = _draft_with_file(city)
    actions.submit(city.officer, item, [city.channels["party"]])
    sub = actions.sign_off(city.signer, item)[0]
    actions.return_submission(city.county_editor, sub, "请补充数据")
    later = actions.add_attachment(city.officer, item, SimpleUploadedFile("补充数据.pdf", PDF))
    actions.remove_attachment(city.officer, first)
    assert _status(login, city.county_editor, later) == 404
    assert _status(login, city.county_editor, first) == 200  # what the hub received never changes
    assert _status(login, city.officer, first) == 404  # removed on the unit's side
    actions.update_draft(city.officer, item, body="补充后的正文")
    actions.resubmit(city.officer, sub.item)
    actions.sign_off(city.signer, sub.item)
    assert _status(login, city.county_editor, later) == 200


def test_content_must_match_the_extension(city):
    item = actions.create_draft(city.officer, category="news", title="t", body="b")
    bad = [
        ("假的.pdf", b"MZ\x90\x00"),
        ("伪装.docx", b"PK\x03\x04" + b"\x00" * 30),  # a zip header without a Word document inside
        ("二进制.txt", b"abc\x00\x01\x02"),
        ("图片.png", b"\xff\xd8\xff\xe0"),
        ("程序.exe", b"MZ"),
    ]
    for name, content in bad:
        with pytest.raises(DomainError):
            actions.add_attachment(city.officer, item, SimpleUploadedFile(name, content))
    assert not item.attachments.exists()
    actions.add_attachment(city.officer, item, SimpleUploadedFile("稿件.docx", _docx_bytes()))
    actions.add_attachment(
        city.officer, item, SimpleUploadedFile("说明.txt", "中文说明，GB18030编码".encode("gb18030"))
    )
    assert item.attachments.count() == 2


def test_behind_nginx_the_view_hands_over_with_x_accel_redirect(city, login, settings):
    settings.XINBAO_PROTECTED_MEDIA_PREFIX = "/protected/"
    _item, attachment = _draft_with_file(city)
    response = login(city.officer).get(reverse("items:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/protected/attachments/")
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_adoption_evidence_is_listed_and_downloadable_by_readers_only(city, login):
    sub = make_submitted_item(city)
    actions.adopt(city.county_editor, sub)
    adoption = actions.record_external_adoption(
        city.county_editor,
        sub,
        adopter_name="省委办公厅",
        level="province",
        adopted_on=datetime.date(2026, 1, 5),
        evidence=SimpleUploadedFile("采用证明.pdf", PDF),
    )
    page = login(city.officer).get(reverse("items:detail", args=[sub.item_id])).content.decode()
    url = reverse("items:evidence", args=[adoption.pk])
    assert url in page
    assert login(city.officer).get(url).status_code == 200
    assert login(city.officer2).get(url).status_code == 404


def test_the_signer_and_the_editor_see_the_attachments_above_the_text(city, login):
    item, attachment = _draft_with_file(city)
    actions.submit(city.officer, item, [city.channels["party"]])
    page = login(city.signer).get(reverse("items:detail", args=[item.pk])).content.decode()
    box = page.index('data-testid="attachments-box"')
    assert box < page.index('data-testid="item-body"') and "签发前请打开查阅" in page
    assert "附件.pdf" in page[box:]
    actions.sign_off(city.signer, item)
    sub = item.submissions.get()
    page = login(city.county_editor).get(reverse("items:submission", args=[sub.pk])).content.decode()
    assert page.index('data-testid="attachments-box"') < page.index('data-testid="submission-body"')
    assert "处理前请打开查阅" in page
