"""Test helpers: submissions at a hub (through the items app's real actions) and an issue taken
through sign-off."""

from __future__ import annotations

from typing import Any

from xinbao.items.models import Submission
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions
from xinbao.publications.models import Issue, Periodical


def submitted(city: Any, title: str, body: str = "正文第一段。\n正文第二段。", *, author: Any = None) -> Submission:
    """An item written, signed and submitted through the items actions; its submission at the county hub."""
    return make_submitted_item(city, officer=author or city.officer, title=title, body=body)


def periodical(city: Any, name: str = "清河信息", **fields: Any) -> Periodical:
    distribution = {
        "report_to": [city.city_hub],
        "send_to": [city.county_gov_hub],
        "issue_to": [city.township, city.township2],
    }
    return actions.create_periodical(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        distribution=distribution,
        **{"name": name, **fields},
    )


def composed(city: Any, paper: Periodical, titles: list[str], **issue_fields: Any) -> Issue:
    issue = actions.create_issue(city.county_editor, paper, **issue_fields)
    for title in titles:
        actions.add_entry(city.county_editor, issue, submitted(city, title))
    return issue


def sign_off(city: Any, issue: Issue) -> Issue:
    actions.submit_issue(city.county_editor, issue)
    actions.review_issue(city.county_chief, issue, approve=True)
    return actions.sign_issue(city.county_director, issue)
