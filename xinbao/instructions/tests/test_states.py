"""The assignment (交办) lifecycle against its transition table.

- Forced into each state, an assignment refuses every action the table does not allow there, with a
  Chinese message, and changes nothing.
- A Hypothesis state machine plays random sequences of 受理/反馈/审核/延期/撤回/办结 by the right and the
  wrong people and checks after every step: states stay inside the table; a finished or withdrawn
  assignment has nothing pending in the reminders; an instruction is closed only when no assignment is
  open; a refused action changed nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from xinbao.core.errors import DomainError, InvalidTransition
from xinbao.instructions import actions, states
from xinbao.instructions.models import OPEN_ASSIGNMENT_STATES, Assignment, AssignmentState, Instruction
from xinbao.items.testing import make_submitted_item
from xinbao.notify import reminders
from xinbao.orgs.testing import build_small_city

CALLS = {
    states.AssignmentAction.ACCEPT: lambda c, a: actions.accept(c.officer, a),
    states.AssignmentAction.WITHDRAW: lambda c, a: actions.withdraw(c.county_editor, a, "错了"),
    states.AssignmentAction.EXTEND: lambda c, a: actions.request_extension(
        c.officer, a, a.due_on + datetime.timedelta(days=3), "理由"
    ),
}


def _assignment(city) -> Assignment:  # type: ignore[no-untyped-def]
    ins = actions.record_instruction(
        city.county_editor,
        text="请落实。",
        item=make_submitted_item(city).item,
        leader_name="王",
        leader_level="county",
    )
    (row,) = actions.assign(
        city.county_editor, ins, [city.township], due_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    return row


@pytest.mark.parametrize("state", AssignmentState.values)
def test_actions_refused_where_the_table_says_so(city, state):
    row = _assignment(city)
    Assignment.objects.filter(pk=row.pk).update(state=state)
    row.refresh_from_db()
    for action, call in CALLS.items():
        if action in states.ASSIGNMENT_TABLE[state]:
            continue
        with pytest.raises(InvalidTransition, match="当前状态“"):
            call(city, row)
        assert Assignment.objects.get(pk=row.pk).state == state


class Loop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.city = build_small_city()
        item = make_submitted_item(self.city).item
        self.ins = actions.record_instruction(
            self.city.county_editor, text="请落实。", item=item, leader_name="王", leader_level="county"
        )
        due = timezone.localdate() + datetime.timedelta(days=5)
        self.rows = actions.assign(
            self.city.county_editor, self.ins, [self.city.township, self.city.township2], due_on=due
        )

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _snapshot(self) -> Any:
        return (
            list(Assignment.objects.order_by("pk").values_list("state", "due_on")),
            Instruction.objects.get(pk=self.ins.pk).state,
        )

    def _try(self, call: Any) -> None:
        before = self._snapshot()
        try:
            with transaction.atomic():
                call()
        except DomainError:  # refusals (permission, transition, validation) change nothing
            assert self._snapshot() == before

    def _row(self, n: int) -> Assignment:
        return Assignment.objects.get(pk=self.rows[n].pk)

    def _unit_people(self, n: int, right: bool) -> Any:
        c = self.city
        return (c.officer, c.signer) if (n == 0) == right else (c.officer2, c.signer2)

    @rule(n=st.integers(0, 1), right=st.booleans())
    def accept(self, n: int, right: bool) -> None:
        self._try(lambda: actions.accept(self._unit_people(n, right)[1], self._row(n)))

    @rule(n=st.integers(0, 1), right=st.booleans())
    def report(self, n: int, right: bool) -> None:
        self._try(lambda: actions.report(self._unit_people(n, right)[0], self._row(n), "落实情况"))

    @rule(n=st.integers(0, 1), accept=st.booleans(), hub=st.booleans())
    def review(self, n: int, accept: bool, hub: bool) -> None:
        latest = self._row(n).feedback.order_by("-number").first()
        if latest is None:
            return
        who = self.city.county_editor if hub else self.city.officer
        self._try(lambda: actions.review(who, latest, "accepted" if accept else "more", "" if accept else "再报"))

    @rule(n=st.integers(0, 1), days=st.integers(1, 10))
    def extend(self, n: int, days: int) -> None:
        row = self._row(n)
        self._try(
            lambda: actions.request_extension(
                self._unit_people(n, True)[0], row, row.due_on + datetime.timedelta(days=days), "理由"
            )
        )

    @rule(approve=st.booleans())
    def decide(self, approve: bool) -> None:
        from xinbao.instructions.models import Extension

        pending = Extension.objects.filter(assignment__instruction=self.ins, state="pending").first()
        if pending is not None:
            self._try(lambda: actions.decide_extension(self.city.county_chief, pending, approve))

    @rule(n=st.integers(0, 1))
    def withdraw(self, n: int) -> None:
        self._try(lambda: actions.withdraw(self.city.county_editor, self._row(n), "撤回"))

    @rule()
    def close(self) -> None:
        self._try(lambda: actions.close(self.city.county_editor, Instruction.objects.get(pk=self.ins.pk), "办结"))

    @invariant()
    def inside_the_table(self) -> None:
        for state, _due in self._snapshot()[0]:
            assert state in states.ASSIGNMENT_TABLE

    @invariant()
    def nothing_chased_once_finished(self) -> None:
        for row in Assignment.objects.exclude(state__in=OPEN_ASSIGNMENT_STATES):
            assert not reminders.pending(f"instructions:a{row.pk}:")

    @invariant()
    def closed_only_when_nothing_is_open(self) -> None:
        if Instruction.objects.get(pk=self.ins.pk).state == "closed":
            assert not Assignment.objects.filter(instruction=self.ins, state__in=OPEN_ASSIGNMENT_STATES).exists()


@pytest.mark.django_db
def test_random_loops_stay_inside_the_table():
    run_state_machine_as_test(
        Loop,
        settings=settings(
            max_examples=10,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
