import datetime

import pytest
import time_machine

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.registry import panels_for
from xinbao.items.models import Adoption, AdoptionCredit
from xinbao.notify.models import Notification
from xinbao.publications import actions, queries
from xinbao.publications.models import IssueDelivery, IssueState

from .factories import composed, periodical, sign_off, submitted

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def signed(city):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        issue = sign_off(city, composed(city, periodical(city), ["甲", "乙"]))
    return issue


def test_publishing_twice_records_each_adoption_once(city, signed):
    actions.publish_issue(city.county_editor, signed)
    _issue, note = actions.publish_issue(city.county_editor, signed)
    assert "已印发" in note
    adoptions = Adoption.objects.filter(issue_id=signed.pk)
    assert adoptions.count() == 2
    for adoption in adoptions:
        assert adoption.level == "county"  # the county hub's level
        assert adoption.periodical_id == signed.periodical_id
        assert adoption.adopted_on == datetime.date(2026, 11, 25)
        assert adoption.publication == "《清河信息》" and adoption.issue_label == "2026年第1期"
    assert AdoptionCredit.objects.filter(adoption__issue_id=signed.pk, unit=city.township).count() == 2


def test_publishing_notifies_writers_and_fills_reading_lists(city, signed):
    actions.publish_issue(city.county_editor, signed)
    assert Notification.objects.filter(recipient=city.officer, kind="items.adopted").count() == 2
    units = set(IssueDelivery.objects.filter(issue=signed).values_list("unit_id", flat=True))
    assert units == {city.county_hub.pk, city.city_hub.pk, city.county_gov_hub.pk, city.township.pk, city.township2.pk}
    assert list(queries.reading_list(city.county_leader)) == [signed]
    assert list(queries.reading_list(city.city_leader)) == [signed]  # 报 the city office
    assert Notification.objects.filter(recipient=city.county_leader, kind="publications.delivered").exists()
    assert not queries.reading_list(city.officer3).exists()  # 白石 was not on the distribution


def test_only_signed_issues_are_published(city):
    issue = composed(city, periodical(city), ["甲"])
    with pytest.raises(DomainError):
        actions.publish_issue(city.county_editor, issue)
    assert not Adoption.objects.exists()


def test_leader_marks_read_and_the_home_panel_empties(city, signed):
    actions.publish_issue(city.county_editor, signed)
    panel = next(p for p in panels_for(city.county_leader.role_codes) if p.key == "publications.to_read")
    assert panel.build(city.county_leader).count == 1
    actions.mark_read(city.county_leader, signed)
    actions.mark_read(city.county_leader, signed)  # once only
    assert signed.reads.count() == 1
    assert panel.build(city.county_leader).count == 0
    with pytest.raises(PermissionRefused):
        actions.mark_read(city.officer3, signed)


def test_signoff_panel_for_chief(city):
    issue = composed(city, periodical(city), ["甲"])
    actions.submit_issue(city.county_editor, issue)
    panel = next(p for p in panels_for(city.county_chief.role_codes) if p.key == "publications.signoff")
    data = panel.build(city.county_chief)
    assert data.count == 1 and "清河信息" in data.rows[0][0]


def test_archive_search_by_title_keyword_and_year(city, signed):
    actions.publish_issue(city.county_editor, signed)
    other = composed(city, signed.periodical, [])
    actions.add_entry(city.county_editor, other, submitted(city, "秋粮收购", body="全镇秋粮收购进度过半。"))
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, tzinfo=SHANGHAI), tick=False):
        sign_off(city, other)
    editor = city.county_editor
    assert set(queries.archive(editor)) == {signed, other}
    assert list(queries.archive(editor, q="秋粮")) == [other]
    assert list(queries.archive(editor, q="进度过半")) == [other]
    assert list(queries.archive(editor, year=2026)) == [signed]
    assert queries.archive_years(editor) == [2027, 2026]
    # A township sees only published issues delivered to it.
    assert list(queries.archive(city.officer)) == [signed]


def test_published_files_are_stored(city, signed):
    issue, _ = actions.publish_issue(city.county_editor, signed)
    assert issue.state == IssueState.PUBLISHED
    assert issue.docx_file.name.endswith(".docx")
    assert not issue.pdf_file  # PDF switched off in these tests


def test_pdf_is_made_after_publishing_commits(city, signed, settings, django_capture_on_commit_callbacks):
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    settings.XINBAO_ISSUE_PDF = True
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        issue, note = actions.publish_issue(city.county_editor, signed)
        assert not issue.pdf_file  # not inside the publishing transaction
    # One PDF task (scoring and insights add their own after-commit callbacks).
    assert note == "" and len([c for c in callbacks if c.__module__ == "xinbao.publications.actions"]) == 1
    issue.refresh_from_db()
    assert issue.pdf_file.read().startswith(b"%PDF")


def test_publishing_without_libreoffice_keeps_word_and_says_so(city, signed, settings, monkeypatch):
    from xinbao.publications import render

    settings.XINBAO_ISSUE_PDF = True
    monkeypatch.setattr(render, "soffice_path", lambda: None)
    issue, note = actions.publish_issue(city.county_editor, signed)
    assert "未安装 LibreOffice" in note and issue.docx_file and not issue.pdf_file
