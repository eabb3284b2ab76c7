"""What an issue's official document (Word, PDF, the HTML preview) shows, built from the issue.

The document is one file for all its readers: readers are limited by the issue's 密级 (a person's
clearance must cover it) and no entry is more sensitive than the issue (publications.actions.add_entry),
so it shows every entry's text in full.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from xinbao.items.credits import credit_lines
from xinbao.items.models import Classification

from . import render
from .models import Issue, Series
from .queries import entries_for_display


def issue_document(issue: Issue, copy_number: int | None = None) -> render.IssueDoc:
    """What the Word file shows, from a (signed or draft) issue: always in Chinese (an official
    document), whatever the language of the user's pages. ``copy_number`` is the 份号 of a numbered
    copy of a classified issue (publications.actions.take_copy)."""
    with translation.override("zh-hans"):
        data = _issue_document(issue)
    if copy_number is not None:
        data.copy_number = f"{copy_number:06d}"
    return data


def _issue_document(issue: Issue) -> render.IssueDoc:
    periodical = issue.periodical
    labels: dict[str, str] = {
        Classification.PUBLIC: "",
        Classification.INTERNAL: _("内部资料　注意保存"),
        Classification.SECRET: _("秘密"),
        Classification.CONFIDENTIAL: _("机密"),
    }
    if issue.number is not None:
        prefix = _("增刊") if issue.series == Series.SUPPLEMENT else ""
        number = _("%(p)s第%(n)s期") % {"p": prefix, "n": issue.number}
    else:
        number = _("第  期")
    shown = entries_for_display(issue)
    credits = credit_lines([(entry.submission.item, entry.submission.origin_unit.name) for entry, _t, _b in shown])
    entries = [
        render.EntryDoc(title=title, body=body, note=entry.editor_note, source=credit)
        for (entry, title, body), credit in zip(shown, credits, strict=True)
    ]

    def names(line: str) -> list[str]:
        return [u.short_name or u.name for u in getattr(issue, line).order_by("path")]

    return render.IssueDoc(
        periodical=periodical.name,
        classification=str(labels.get(issue.classification, "")),
        number_label=str(number),
        total_label=str(_("总第%(n)s期") % {"n": issue.total_number}) if issue.total_number else "",
        issuer=periodical.issuer,
        date=issue.issue_date,
        editor_note=issue.editor_note,
        entries=entries,
        report_to=names("report_to"),
        send_to=names("send_to"),
        issue_to=names("issue_to"),
        extra_to=names("extra_to"),
        copies=issue.copies,
        correction_of=issue.corrects.label if issue.corrects is not None else "",
    )
