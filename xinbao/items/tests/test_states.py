"""The item lifecycle against its transition tables.

- Through the real actions: an item or submission forced into each state refuses every action the table
  does not allow there, and changes nothing.
- A Hypothesis state machine plays random sequences of actions by random people of the small city and
  checks, after every step, that no state change left the table, that no submitted version was lost or
  changed, that every decision was made by staff of the submission's own hub, that every submission went
  to the sender's own hub (no 越级), and that a refused action changed nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, InvalidTransition
from xinbao.items import actions, states
from xinbao.items.models import Item, ItemState, ItemVersion, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.orgs import queries as org_queries
from xinbao.orgs.testing import build_small_city

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
    sub = make_submitted_item(city)
    Submission.objects.filter(pk=sub.pk).update(state=state)
    for action, call in HUB_CALLS.items():
        if action in states.SUBMISSION_TRANSITIONS[state]:
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
    "resubmit": lambda c, i: actions.resubmit(c.officer, i),
}


@pytest.mark.parametrize("state", ItemState.values)
def test_unit_actions_refused_where_table_says_so(city, state):
    item = actions.create_draft(
        city.officer, category="news", title="标题", body="正文", writer_name="王", writer_phone="1"
    )
    item.channels.set([city.channels["party"]])
    Item.objects.filter(pk=item.pk).update(state=state)
    for action, call in UNIT_CALLS.items():
        if action in states.ITEM_TRANSITIONS[state]:
            continue
        with pytest.raises(InvalidTransition):
            call(city, item)
        assert Item.objects.get(pk=item.pk).state == state


def test_a_refusal_names_the_state_and_the_action_in_chinese(city):
    item = actions.create_draft(city.officer, category="news", title="标题", body="正文")
    with pytest.raises(InvalidTransition) as refused:
        actions.sign_off(city.signer, item)
    assert refused.value.message == "当前状态“草稿”下不能执行“签发”。"


# --- The state machine ---------------------------------------------------------------------------

PEOPLE = ("officer", "signer", "officer2", "county_editor", "county_chief", "city_editor", "county2_editor")
ITEM_MOVES = set()
for _state, _moves in states.ITEM_TRANSITIONS.items():
    ITEM_MOVES |= {(_state, _next) for _next in _moves.values()}
SUBMISSION_MOVES = set()
for _state, _moves in states.SUBMISSION_TRANSITIONS.items():
    SUBMISSION_MOVES |= {(_state, _next) for _next in _moves.values()}


class Lifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.city = build_small_city()
        self.items: list[Item] = []
        self.snapshot = self._snapshot()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # What the invariants compare between steps.
    def _snapshot(self) -> dict[str, Any]:
        return {
            "items": dict(Item.objects.values_list("pk", "state")),
            "subs": dict(Submission.objects.values_list("pk", "state")),
            "submitted": {
                v.pk: (v.item_id, v.number, v.title, v.body)
                for v in ItemVersion.objects.filter(submitted=True, submission__isnull=True)
            },
            "versions": ItemVersion.objects.count(),
            "audit": AuditRecord.objects.count(),
        }

    def _person(self, key: str) -> Any:
        return self.city.people[key]

    def _attempt(self, call: Any) -> None:
        before = self._snapshot()
        try:
            call()
        except DomainError:
            after = self._snapshot()
            assert after == before, "a refused action changed something"
            return
        after = self._snapshot()
        assert after["audit"] > before["audit"], "a write without an audit row"

    def _item(self, index: int) -> Item | None:
        if not self.items:
            return None
        return Item.objects.get(pk=self.items[index % len(self.items)].pk)

    def _submission(self, index: int) -> Submission | None:
        subs = list(Submission.objects.order_by("pk"))
        return subs[index % len(subs)] if subs else None

    @rule(title=st.sampled_from(["镇里的一条信息", "另一条信息"]))
    def draft(self, title: str) -> None:
        item = actions.create_draft(
            self._person("officer"), category="news", title=title, body="正文", writer_name="王", writer_phone="1"
        )
        self.items.append(item)

    @rule(who=st.sampled_from(PEOPLE), index=st.integers(0, 9), body=st.sampled_from(["修改一", "修改二"]))
    def revise(self, who: str, index: int, body: str) -> None:
        item = self._item(index)
        if item is not None:
            self._attempt(lambda: actions.update_draft(self._person(who), item, body=body))

    @rule(
        who=st.sampled_from(PEOPLE),
        index=st.integers(0, 9),
        move=st.sampled_from(["submit", "sign", "return_signoff", "recall", "withdraw", "reopen", "resubmit"]),
    )
    def unit_move(self, who: str, index: int, move: str) -> None:
        item = self._item(index)
        if item is None:
            return
        person, channel = self._person(who), self.city.channels["party"]
        calls = {
            "submit": lambda: actions.submit(person, item, [channel]),
            "sign": lambda: actions.sign_off(person, item),
            "return_signoff": lambda: actions.return_signoff(person, item, "请修改"),
            "recall": lambda: actions.recall(person, item),
            "withdraw": lambda: actions.withdraw(person, item, "撤回"),
            "reopen": lambda: actions.reopen(person, item),
            "resubmit": lambda: actions.resubmit(person, item),
        }
        self._attempt(calls[move])

    @rule(
        who=st.sampled_from(PEOPLE),
        index=st.integers(0, 9),
        move=st.sampled_from(["adopt", "return", "reject", "reserve", "edit", "forward"]),
    )
    def hub_move(self, who: str, index: int, move: str) -> None:
        sub = self._submission(index)
        if sub is None:
            return
        person = self._person(who)
        calls = {
            "adopt": lambda: actions.adopt(person, sub),
            "return": lambda: actions.return_submission(person, sub, "请补充"),
            "reject": lambda: actions.reject(person, sub, "不采用"),
            "reserve": lambda: actions.reserve(person, sub),
            "edit": lambda: actions.edit_submission(person, sub, "编辑后的标题", "编辑后的正文"),
            "forward": lambda: actions.forward(person, sub),
        }
        self._attempt(calls[move])

    @invariant()
    def moves_follow_the_tables(self) -> None:
        now = self._snapshot()
        for pk, state in now["items"].items():
            old = self.snapshot["items"].get(pk)
            assert old is None or old == state or (old, state) in ITEM_MOVES, (old, state)
        for pk, state in now["subs"].items():
            old = self.snapshot["subs"].get(pk)
            assert old is None or old == state or (old, state) in SUBMISSION_MOVES, (old, state)
        # No submitted version is ever lost or changed.
        for pk, content in self.snapshot["submitted"].items():
            assert now["submitted"].get(pk) == content
        assert now["versions"] >= self.snapshot["versions"]
        self.snapshot = now

    @invariant()
    def decisions_stay_at_their_hub(self) -> None:
        for sub in Submission.objects.select_related("decided_by", "from_unit", "hub", "channel"):
            if sub.decided_by is not None:
                assert sub.decided_by.unit_id == sub.hub_id, "a decision crossed hubs"
            expected = org_queries.hub_for(sub.from_unit, sub.channel)
            assert sub.hub_id == getattr(expected, "pk", None), "a submission skipped its own hub (越级)"


@pytest.mark.django_db
def test_random_lifecycles_stay_inside_the_tables():
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
