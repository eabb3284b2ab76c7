import datetime
import io

import time_machine
from django.urls import reverse
from docx import Document

from xinbao.instructions.models import Instruction
from xinbao.items.models import Adoption
from xinbao.notify.models import Notification
from xinbao.publications import actions
from xinbao.publications.models import Issue, IssueState, Periodical

from .factories import composed, periodical, sign_off, submitted

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def post(client, name, *args, **data):
    return client.post(reverse(f"publications:{name}", args=args), data)


def test_editor_sets_up_a_periodical(city, login):
    client = login(city.county_editor)
    response = client.post(
        reverse("publications:periodical_new"),
        {
            "name": "《清河要情》",
            "channel": city.channels["party"].pk,
            "kind": "regular",
            "classification": "internal",
            "total_base": 0,
            "copies": 60,
            "report_to": [city.city_hub.pk],
            "issue_to": [city.township.pk, city.township2.pk],
        },
    )
    assert response.status_code == 302
    paper = Periodical.objects.get(name="清河要情")
    assert paper.hub == city.county_hub and set(paper.issue_to.all()) == {city.township, city.township2}
    page = client.get(reverse("publications:periodical_list"))
    assert "《清河要情》" in page.content.decode()


def test_duplicate_periodical_name_is_a_form_error(city, login):
    periodical(city, name="清河信息")
    client = login(city.county_editor)
    data = {"name": "清河信息", "channel": city.channels["party"].pk, "kind": "regular"}
    data |= {"classification": "internal", "total_base": 0, "copies": 1}
    response = client.post(reverse("publications:periodical_new"), data)
    assert response.status_code == 200 and "已有同名刊物" in response.content.decode()


def test_compose_sign_and_publish_through_the_pages(city, login):
    paper = periodical(city)
    subs = [submitted(city, "甲稿"), submitted(city, "乙稿")]
    client = login(city.county_editor)
    response = post(client, "issue_create", paper.pk, series="regular")
    issue = Issue.objects.get()
    assert response.url == reverse("publications:issue_detail", args=[issue.pk])
    page = client.get(response.url).content.decode()
    assert "甲稿" in page and "采用并编入" in page
    for sub in subs:
        post(client, "entry_add", issue.pk, submission=sub.pk)
    first, second = issue.entries.order_by("position")
    post(client, "entry_move", issue.pk, second.pk, direction="up")
    assert [e.submission.title for e in issue.entries.order_by("position")] == ["乙稿", "甲稿"]
    response = client.post(
        reverse("publications:entry_edit", args=[issue.pk, first.pk]),
        {"title": "甲稿（改）", "body": "改过的正文。", "editor_note": "请各地学习。", "note": ""},
    )
    assert response.status_code == 302
    preview = client.get(reverse("publications:issue_preview", args=[issue.pk])).content.decode()
    assert preview.index("乙稿") < preview.index("甲稿（改）") and "请各地学习。" in preview
    post(client, "issue_transition", issue.pk, "submit")
    login(city.county_chief)
    post(client, "issue_transition", issue.pk, "review", decision="approve", comment="")
    login(city.county_director)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 15, tzinfo=SHANGHAI), tick=False):
        post(client, "issue_transition", issue.pk, "sign", decision="approve", comment="")
    login(city.county_editor)
    post(client, "issue_transition", issue.pk, "publish")
    post(client, "issue_transition", issue.pk, "publish")  # pressed twice
    issue.refresh_from_db()
    assert issue.state == IssueState.PUBLISHED and issue.issue_date == datetime.date(2026, 11, 25)
    assert Adoption.objects.filter(issue_id=issue.pk).count() == 2
    download = client.get(reverse("publications:issue_download", args=[issue.pk, "docx"]))
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    lines = [p.text for p in document.paragraphs]
    assert lines.index("乙稿") < lines.index("甲稿（改）")


def test_return_with_comment_through_the_page(city, login):
    issue = composed(city, periodical(city), ["甲"])
    actions.submit_issue(city.county_editor, issue)
    client = login(city.county_chief)
    response = post(client, "issue_transition", issue.pk, "review", decision="return", comment="")
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.state == IssueState.REVIEW  # refused: no comment
    post(client, "issue_transition", issue.pk, "review", decision="return", comment="标题再精炼")
    issue.refresh_from_db()
    assert issue.state == IssueState.RETURNED
    page = login(city.county_editor).get(reverse("publications:issue_detail", args=[issue.pk])).content.decode()
    assert "标题再精炼" in page


def test_other_hubs_cannot_open_a_draft(city, login):
    issue = composed(city, periodical(city), ["甲"])
    assert login(city.city_editor).get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 404
    assert login(city.county_leader).get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 404


def test_archive_and_reading_list_query_counts_do_not_grow(city, login, django_assert_max_num_queries):
    paper = periodical(city)
    for n in range(2):
        actions.publish_issue(city.county_editor, sign_off(city, composed(city, paper, [f"稿{n}"])))
    archive = reverse("publications:archive") + "?q=稿"
    reading = reverse("publications:reading_list")
    with django_assert_max_num_queries(40) as archive_small:
        login(city.county_editor).get(archive)
    with django_assert_max_num_queries(40) as reading_small:
        page = login(city.county_leader).get(reading)
    assert page.content.decode().count("未阅") >= 3  # the filter button and two rows
    for n in range(2, 9):
        actions.publish_issue(city.county_editor, sign_off(city, composed(city, paper, [f"稿{n}"])))
    with django_assert_max_num_queries(len(archive_small.captured_queries)):
        page = login(city.county_editor).get(archive)
    assert page.content.decode().count("稿") >= 9 or "2026年第9期" in page.content.decode()
    with django_assert_max_num_queries(len(reading_small.captured_queries)):
        login(city.county_leader).get(reading)


def test_compose_page_query_count_does_not_grow_with_entries(city, login, django_assert_max_num_queries):
    issue = composed(city, periodical(city), ["甲", "乙"])
    submitted(city, "候选一")
    client = login(city.county_editor)
    url = reverse("publications:issue_detail", args=[issue.pk])
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    for n in range(8):
        actions.add_entry(city.county_editor, issue, submitted(city, f"稿{n}"))
    submitted(city, "候选二")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_leader_reads_and_writes_an_instruction(city, login):
    issue = sign_off(city, composed(city, periodical(city), ["甲稿"]))
    actions.publish_issue(city.county_editor, issue)
    client = login(city.county_leader)
    home = client.get("/").content.decode()
    assert str(issue) in home  # 待阅刊物 panel
    client.post(reverse("publications:issue_transition", args=[issue.pk, "read"]))
    assert issue.reads.filter(user=city.county_leader).exists()
    item = issue.entries.get().submission.item
    form = client.get(reverse("instructions:new") + f"?issue={issue.pk}").content.decode()
    assert "整期刊物" in form and "《甲稿》" in form
    response = client.post(
        reverse("instructions:new"),
        {"issue": issue.pk, "item": item.pk, "kind": "action", "text": "请县农业农村局跟进。"},
    )
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.item == item and instruction.issue_id == issue.pk and instruction.leader_level == "county"
    assert Notification.objects.filter(recipient=city.officer, kind="instructions.recorded").exists()
    page = client.get(reverse("publications:issue_detail", args=[issue.pk])).content.decode()
    assert "请县农业农村局跟进。" in page
    listing = client.get(reverse("instructions:for_issue", args=[issue.pk])).content.decode()
    assert "请县农业农村局跟进。" in listing


def test_instruction_on_the_whole_issue_tells_every_writer(city, login):
    issue = composed(city, periodical(city), [])
    actions.add_entry(city.county_editor, issue, submitted(city, "甲"))
    actions.add_entry(city.county_editor, issue, submitted(city, "乙", author=city.officer2))
    sign_off(city, issue)
    actions.publish_issue(city.county_editor, issue)
    client = login(city.county_leader)
    client.post(reverse("instructions:new"), {"issue": issue.pk, "item": "", "kind": "reading", "text": "已阅，很好。"})
    assert Instruction.objects.get().item is None
    for writer in (city.officer, city.officer2):
        assert Notification.objects.filter(recipient=writer, kind="instructions.recorded").exists()


def test_empty_instruction_is_refused_with_a_message(city, login):
    issue = sign_off(city, composed(city, periodical(city), ["甲"]))
    actions.publish_issue(city.county_editor, issue)
    client = login(city.county_leader)
    response = client.post(reverse("instructions:new"), {"issue": issue.pk, "item": "", "kind": "action", "text": "  "})
    assert response.status_code == 200 and not Instruction.objects.exists()


def test_townships_cannot_write_instructions(city, login):
    issue = sign_off(city, composed(city, periodical(city), ["甲"]))
    actions.publish_issue(city.county_editor, issue)
    response = login(city.officer).get(reverse("instructions:new") + f"?issue={issue.pk}")
    assert response.status_code == 403


def test_closing_a_periodical_keeps_its_archive(city, login):
    paper = periodical(city)
    issue = sign_off(city, composed(city, paper, ["甲"]))
    actions.publish_issue(city.county_editor, issue)
    editor = login(city.county_editor)
    editor.post(reverse("publications:periodical_close", args=[paper.pk]))
    paper.refresh_from_db()
    assert paper.deleted_at is None  # editors may not close a periodical
    chief = login(city.county_chief)
    chief.post(reverse("publications:periodical_close", args=[paper.pk]))
    paper.refresh_from_db()
    assert paper.deleted_at is not None
    listing = chief.get(reverse("publications:periodical_list")).content.decode()
    assert "本单位尚未设立刊物" in listing
    assert issue.label in chief.get(reverse("publications:archive")).content.decode()


def test_a_tampered_submission_id_is_a_404_not_a_server_error(city, login):
    issue = composed(city, periodical(city), ["第一篇"])
    client = login(city.county_editor)
    for bad in ("abc", "-1", ""):
        assert post(client, "entry_add", issue.pk, submission=bad).status_code == 404
