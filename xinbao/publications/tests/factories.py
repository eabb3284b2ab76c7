"""Test helpers: submissions at a hub and an issue taken through sign-off.

``submitted`` builds a submitted item directly (a small local factory, as allowed while the items app's
``testing.make_submitted_item`` is being written); everything publications does goes through actions.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from xinbao.items.models import Item, ItemState, ItemVersion, Submission
from xinbao.publications import actions
from xinbao.publications.models import Issue, Periodical


def submitted(city: Any, title: str, body: str = "正文第一段。\n正文第二段。", *, unit: Any = None, author: Any = None) -> Submission:
    unit = unit or city.township
    author = author or city.officer
    now = timezone.now()
    item = Item.objects.create(unit=unit, author=author, title=title, state=ItemState.SUBMITTED, submitted_at=now)
    ItemVersion.objects.create(item=item, number=1, title=title, body=body, editor=author, submitted=True)
    return Submission.objects.create(
        item=item,
        hub=city.county_hub,
        channel=city.channels["party"],
        from_unit=unit,
        origin_unit=unit,
        category=item.category,
        tone=item.tone,
        title=title,
        received_at=now,
    )


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
