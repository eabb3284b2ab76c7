"""The read policy in publications: an entry is never more sensitive than its issue (raising the issue's
密级 needs the chief's explicit confirmation), restricted items stay out of distributed issues, a published
issue is read only by people whose clearance covers it, and admin accounts read no issue at all."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import policy
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions, queries
from xinbao.publications.document import issue_document
from xinbao.publications.render import render_docx

from .factories import composed, periodical, sign_off


def _published_confidential(city):
    paper = periodical(city)
    issue = actions.create_issue(city.county_editor, paper)
    sub = make_submitted_item(city, title="机密稿件标题", classification="confidential")
    actions.add_entry(city.county_chief, issue, sub, raise_classification=True)
    issue = sign_off(city, issue)
    actions.publish_issue(city.county_editor, issue)
    return issue, sub


def test_editor_may_not_add_an_entry_above_the_issue(city):
    issue = actions.create_issue(city.county_editor, periodical(city))
    secret = make_submitted_item(city, title="秘密稿", classification="secret")
    with pytest.raises(PermissionRefused, match="须由信息科科长确认"):
        actions.add_entry(city.county_editor, issue, secret)
    assert not issue.entries.exists()
    issue.refresh_from_db()
    assert issue.classification == "internal"


def test_chief_raises_the_issue_only_when_confirmed(city):
    issue = actions.create_issue(city.county_editor, periodical(city))
    confidential = make_submitted_item(city, title="机密稿", classification="confidential")
    with pytest.raises(DomainError, match="提高本期密级"):
        actions.add_entry(city.county_chief, issue, confidential)
    actions.add_entry(city.county_chief, issue, confidential, raise_classification=True)
    issue.refresh_from_db()
    assert issue.classification == "confidential"
    assert issue.steps.filter(action="raise_classification").exists()
    with pytest.raises(DomainError, match="不能低于"):
        actions.update_issue(city.county_editor, issue, classification="internal")


def test_the_word_header_shows_the_real_classification(city):
    issue, _sub = _published_confidential(city)
    data = issue_document(issue)
    assert data.classification == "机密"
    document = Document(io.BytesIO(render_docx(data)))
    first_lines = [p.text for p in document.paragraphs[:4]]
    assert any("机密" in line for line in first_lines)
    assert not any("内部资料" in line for line in first_lines)


def test_restricted_item_stays_out_of_a_distributed_issue(city):
    issue = actions.create_issue(city.county_editor, periodical(city))  # the periodical's 报/送/发 lists
    restricted = make_submitted_item(city, title="限定范围稿", readers="restricted")
    with pytest.raises(DomainError, match="知悉范围"):
        actions.add_entry(city.county_chief, issue, restricted)
    internal_only = actions.create_issue(city.county_editor, periodical(city, name="内部参阅"))
    for line in ("report_to", "send_to", "issue_to"):
        getattr(internal_only, line).clear()
    actions.add_entry(city.county_chief, internal_only, restricted)
    with pytest.raises(DomainError, match="知悉范围"):
        actions.update_issue(city.county_chief, internal_only, distribution={"extra_to": [city.township]})
    # The editor composing it sees the entry only as a label (restricted: chief and director only).
    titles = [title for _e, title in queries.entry_titles(internal_only, city.county_editor)]
    assert titles == [policy.neutral_label(restricted.item_id)]
    assert [t for _e, t in queries.entry_titles(internal_only, city.county_chief)] == ["限定范围稿"]


def test_readers_of_a_published_issue_are_limited_by_its_classification(city, login):
    issue, sub = _published_confidential(city)
    # The county leader (clearance 机密) reads it; a township officer in a unit it was sent to does not.
    assert queries.can_read(city.county_leader, issue)
    assert list(queries.reading_list(city.county_leader)) == [issue]
    for person in (city.officer, city.officer2):
        assert not queries.can_read(person, issue)
        assert not queries.reading_list(person).exists()
        assert not queries.archive(person).exists()
    officer = login(city.officer)
    assert officer.get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 404
    assert officer.get(reverse("publications:issue_download", args=[issue.pk, "docx"])).status_code == 404
    assert officer.get(f"/api/publications/issues/{issue.pk}").status_code == 404
    # The township's signer (clearance 机密) of a unit it was sent to does read it, title included.
    assert queries.can_read(city.signer, issue)
    assert policy.titles_for(city.signer, {sub.item_id: "机密稿件标题"}) == {sub.item_id: "机密稿件标题"}
    assert policy.titles_for(city.officer2, {sub.item_id: "机密稿件标题"}) == {
        sub.item_id: policy.neutral_label(sub.item_id)
    }


def test_admin_accounts_read_no_issue(city, login):
    issue = sign_off(city, composed(city, periodical(city), ["甲"]))
    issue.report_to.add(city.city_hub)  # the admins' own unit receives it
    actions.publish_issue(city.county_editor, issue)
    assert queries.can_read(city.city_leader, issue)
    for admin in (city.sysadmin, city.secadmin, city.auditadmin):
        assert not queries.visible_issues(admin).exists()
        assert not queries.reading_list(admin).exists()
        client = login(admin)
        assert client.get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 403
        assert client.get(reverse("publications:archive")).status_code == 403


def test_a_classified_issue_leaves_only_as_numbered_registered_copies(city, login):
    from xinbao.audit.models import AuditRecord
    from xinbao.publications.models import IssueCopy

    issue, _sub = _published_confidential(city)
    url = reverse("publications:issue_download", args=[issue.pk, "docx"])
    first = login(city.county_leader).get(url)
    second = login(city.signer).get(url)
    numbers = []
    for response in (first, second):
        assert response.status_code == 200
        paragraphs = [p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs]
        numbers.append(paragraphs[0])
        assert paragraphs[1] == "机密"  # the 份号 comes first, the classification mark under it
    assert numbers == ["000001", "000002"]
    register = list(IssueCopy.objects.filter(issue=issue).values_list("number", "taken_by"))
    assert register == [(1, city.county_leader.pk), (2, city.signer.pk)]
    assert AuditRecord.objects.filter(action="publications.take_copy", actor=city.signer).count() == 1
    # No unnumbered copy: the PDF is refused, and the staff page shows who holds which number.
    assert (
        login(city.county_leader).get(reverse("publications:issue_download", args=[issue.pk, "pdf"])).status_code == 302
    )
    page = login(city.county_chief).get(reverse("publications:issue_detail", args=[issue.pk])).content.decode()
    assert "000002" in page and "份号登记" in page
    # The officer, whose clearance does not cover 机密, gets no number.
    assert login(city.officer).get(url).status_code == 404
    assert IssueCopy.objects.count() == 2


def test_an_internal_issue_has_no_copy_number(city):
    issue = sign_off(city, composed(city, periodical(city), ["普通稿"]))
    assert issue_document(issue).copy_number == ""
    with pytest.raises(DomainError):
        actions.take_copy(city.county_editor, issue)


def test_a_combined_entry_credits_its_source_units_and_a_joint_item_its_partners(city):
    from xinbao.items import actions as items_actions

    a = make_submitted_item(city, title="城关镇秋收进度", officer=city.officer, signer=city.signer)
    b = make_submitted_item(city, title="新华镇秋收进度", officer=city.officer2, signer=city.signer2)
    combined = items_actions.merge(city.county_editor, [a, b], title="全县秋收进度过半", body="综合正文。")
    joint = make_submitted_item(city, title="两镇联合防汛演练")
    joint.item.co_units.set([city.township2])  # as the draft form would have saved it (合报)
    issue = composed(city, periodical(city), [])
    actions.add_entry(city.county_editor, issue, combined)
    actions.add_entry(city.county_editor, issue, joint)
    sources = [e.source for e in issue_document(issue).entries]
    assert sources[0] == "根据清河城关镇、清河新华镇报送信息综合"
    assert sources[1] == "清河城关镇、清河新华镇"


def test_credit_lines_cost_the_same_queries_for_one_or_three_combined_entries(city):
    """The issue's credit lines are read in a fixed number of queries, however many entries are 综合."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xinbao.items import actions as items_actions

    def combined(n: int):  # type: ignore[no-untyped-def]
        a = make_submitted_item(city, title=f"城关镇秋收{n}", officer=city.officer, signer=city.signer)
        b = make_submitted_item(city, title=f"新华镇秋收{n}", officer=city.officer2, signer=city.signer2)
        return items_actions.merge(city.county_editor, [a, b], title=f"全县秋收{n}", body="综合正文。")

    def count(issue) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as ctx:
            lines = [e.source for e in issue_document(issue).entries]
        assert all(line == "根据清河城关镇、清河新华镇报送信息综合" for line in lines), lines
        return len(ctx)

    issue = composed(city, periodical(city), [])
    actions.add_entry(city.county_editor, issue, combined(1))
    one = count(issue)
    actions.add_entry(city.county_editor, issue, combined(2))
    actions.add_entry(city.county_editor, issue, combined(3))
    # Each entry's hub version is still read one by one while the issue is composed (a frozen issue reads
    # its signed text from the entry): 2 more entries, 2 more queries — and none for their credit lines.
    assert count(issue) == one + 2
