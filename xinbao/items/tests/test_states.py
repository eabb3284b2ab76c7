"""The transition tables: every pair not in a table is refused, for items and submissions,
both by the table and through the real actions."""

from __future__ import annotations

import pytest

from xinbao.core.errors import InvalidTransition
from xinbao.items import actions, states
from xinbao.items.models import Item, ItemState, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item

ITEM_ALLOWED = {
    ("draft", "edit"): "draft",
    ("draft", "submit"): "pending_signoff",
    ("draft", "submit_direct"): "submitted",
    ("draft", "delete"): "deleted",
    ("pending_signoff", "sign"): "submitted",
    ("pending_signoff", "return_signoff"): "draft",
    ("pending_signoff", "recall"): "draft",
    ("submitted", "hub_return"): "returned",
    ("submitted", "withdraw"): "withdrawn",
    ("withdrawn", "reopen"): "draft",
    ("returned", "edit"): "returned",
    ("returned", "hub_return"): "returned",
    ("returned", "resubmit"): "submitted",
    ("returned", "resubmit_partial"): "returned",
}
SUBMISSION_ALLOWED = {
    **{
        ("pending", a): n
        for a, n in [
            ("adopt", "adopted"),
            ("return", "returned"),
            ("reject", "rejected"),
            ("reserve", "reserve"),
            ("edit", "pending"),
            ("merge", "merged"),
            ("withdraw", "withdrawn"),
        ]
    },
    **{
        ("reserve", a): n
        for a, n in [
            ("adopt", "adopted"),
            ("return", "returned"),
            ("reject", "rejected"),
            ("edit", "reserve"),
            ("merge", "merged"),
            ("withdraw", "withdrawn"),
        ]
    },
    ("returned", "resubmit"): "pending",
    ("adopted", "adopt"): "adopted",
    ("adopted", "edit"): "adopted",
    ("adopted", "forward"): "adopted",
}


@pytest.mark.parametrize("state", ItemState.values)
@pytest.mark.parametrize("action", states.ITEM_ACTIONS)
def test_item_table(state, action):
    expected = ITEM_ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(InvalidTransition):
            states.item_next(state, action)
    else:
        assert states.item_next(state, action) == expected


@pytest.mark.parametrize("state", SubmissionState.values)
@pytest.mark.parametrize("action", states.SUBMISSION_ACTIONS)
def test_submission_table(state, action):
    expected = SUBMISSION_ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(InvalidTransition):
            states.submission_next(state, action)
    else:
        assert states.submission_next(state, action) == expected


HUB_CALLS = {
    "adopt": lambda c, s: actions.adopt(c.county_editor, s),
    "return": lambda c, s: actions.return_submission(c.county_editor, s, "理由"),
    "reject": lambda c, s: actions.reject(c.county_editor, s, "理由"),
    "reserve": lambda c, s: actions.reserve(c.county_editor, s),
    "edit": lambda c, s: actions.edit_submission(c.county_editor, s, "新标题", "新正文"),
    "forward": lambda c, s: actions.forward(c.county_editor, s),
}


@pytest.mark.parametrize("state", SubmissionState.values)
def test_hub_actions_refused_where_table_says_so(city, state):
    """Through the real actions: a submission forced into each state refuses every action not allowed,
    and changes nothing."""
    sub = make_submitted_item(city)
    Submission.objects.filter(pk=sub.pk).update(state=state)
    for action, call in HUB_CALLS.items():
        if (state, action) in SUBMISSION_ALLOWED:
            continue
        with pytest.raises(InvalidTransition):
            call(city, sub)
        assert Submission.objects.get(pk=sub.pk).state == state


UNIT_CALLS = {
    "edit": lambda c, i: actions.update_draft(c.officer, i, title="改"),
    "submit": lambda c, i: actions.submit(c.officer, i, [c.channels["party"]]),
    "recall": lambda c, i: actions.recall(c.officer, i),
    "sign": lambda c, i: actions.sign_off(c.signer, i),
    "return_signoff": lambda c, i: actions.return_signoff(c.signer, i, "理由"),
    "delete": lambda c, i: actions.delete_draft(c.officer, i),
    "withdraw": lambda c, i: actions.withdraw(c.officer, i, "理由"),
    "reopen": lambda c, i: actions.reopen(c.officer, i),
}


@pytest.mark.parametrize("state", ItemState.values)
def test_unit_actions_refused_where_table_says_so(city, state):
    item = actions.create_draft(
        city.officer, category="news", title="标题", body="正文", writer_name="王", writer_phone="1"
    )
    item.channels.set([city.channels["party"]])
    Item.objects.filter(pk=item.pk).update(state=state)
    for action, call in UNIT_CALLS.items():
        if (state, action) in ITEM_ALLOWED:
            continue
        with pytest.raises(InvalidTransition):
            call(city, item)
        assert Item.objects.get(pk=item.pk).state == state
