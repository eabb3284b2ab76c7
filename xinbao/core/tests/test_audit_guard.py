"""The audit guard the suite runs under: an action that changes business data without an audit row
fails, wherever in the tests it is called; bookkeeping alone (a message) passes; one row may cover the
writes of the actions it calls."""

from __future__ import annotations

import pytest

from xinbao.core.actions import write_action
from xinbao.core.audit import record
from xinbao.orgs.models import Unit


@write_action
def _rename_silently(user, unit: Unit, name: str) -> None:
    Unit.objects.filter(pk=unit.pk).update(short_name=name)


@write_action
def _rename_with_audit(user, unit: Unit, name: str) -> None:
    Unit.objects.filter(pk=unit.pk).update(short_name=name)
    record(user, "orgs.update_unit", unit, new={"short_name": name})


@write_action
def _rename_twice(user, unit: Unit) -> None:
    _rename_silently(user, unit, "甲")  # nested: the outer action's row covers it
    record(user, "orgs.update_unit", unit, new={"short_name": "甲"})


def test_a_write_without_an_audit_row_fails(city):
    with pytest.raises(AssertionError, match=r"_rename_silently wrote \['orgs_unit'\] without an audit row"):
        _rename_silently(city.sysadmin, city.township, "城关")
    assert Unit.objects.get(pk=city.township.pk).short_name != "城关"  # rolled back with the action


def test_an_audited_write_passes_and_one_row_covers_nested_actions(city):
    _rename_with_audit(city.sysadmin, city.township, "城关")
    _rename_twice(city.sysadmin, city.township)
    assert Unit.objects.get(pk=city.township.pk).short_name == "甲"
