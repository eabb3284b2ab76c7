"""``manage.py generate_data``: a synthetic tree with correct materialised paths, links, officers."""

import importlib.util
import io

import pytest
from django.core.management import CommandError, call_command

from xinbao.audit.models import AuditRecord
from xinbao.orgs import queries
from xinbao.orgs.models import OfficerAssignment, Unit, UnitChannel, User


def generated():
    return Unit.objects.filter(code__startswith="GEN").select_related("parent").order_by("pk")


def test_generates_tree_with_correct_paths_hubs_and_officers(city):
    out = io.StringIO()
    call_command("generate_data", units=40, seed=5, fanout=3, officers=True, verbosity=0, stdout=out)
    units = list(generated())
    assert len(units) == 40 and "已生成 40 个单位" in out.getvalue()
    root = units[0]
    assert root.parent is None and root.depth == 0 and root.path == f"/{root.pk:08d}/"
    for i, unit in enumerate(units[1:], start=1):
        # Heap layout with fanout 3: unit i hangs under unit (i - 1) // 3.
        parent = units[(i - 1) // 3]
        assert unit.parent_id == parent.pk
        assert unit.path == f"{parent.path}{unit.pk:08d}/" and unit.depth == parent.depth + 1
    assert queries.subtree(root).count() == 40
    # Depths: 1 + 3 + 9 + 27 = 40 → depths 0..3; counties (depth 2) are the deepest hubs.
    assert [sum(1 for u in units if u.depth == d) for d in range(4)] == [1, 3, 9, 27]
    township = units[13]  # first unit at depth 3; its parent units[4] is a county
    link = UnitChannel.objects.get(unit=township)
    assert not link.is_hub and link.hub_id == units[4].pk
    assert UnitChannel.objects.get(unit=units[4]).is_hub
    assert OfficerAssignment.objects.filter(unit__in=units, end_date__isnull=True).count() == 40
    assert User.objects.get(username=f"gen{township.pk}").has_role("officer")
    assert queries.all_vacancies().filter(code__startswith="GEN").count() == 0
    summary = AuditRecord.objects.get(action="orgs.generate_units")
    assert summary.new_values == {"units": 40, "first_id": root.pk, "last_id": units[-1].pk, "officers": 40}


def test_same_seed_same_names_and_second_run_appends(city):
    call_command("generate_data", units=10, seed=9, verbosity=0, stdout=io.StringIO())
    first = [u.name for u in generated()]
    call_command("generate_data", units=10, seed=9, verbosity=0, stdout=io.StringIO())
    units = list(generated())
    assert [u.name for u in units[10:]] == first and len({u.code for u in units}) == 20
    # New units created afterwards by the normal action still get fresh ids (sequence moved on).
    from xinbao.orgs import actions

    later = actions.create_unit(None, name="后建单位", code="LATER")
    assert later.pk > units[-1].pk


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="请指定"):
        call_command("generate_data", stdout=io.StringIO())
    with pytest.raises(CommandError, match="不能为负数"):
        call_command("generate_data", units=-1, stdout=io.StringIO())


def test_items_option_uses_the_items_generator_when_present(city):
    out = io.StringIO()
    call_command("generate_data", units=20, officers=True, items=5, seed=1, verbosity=0, stdout=out)
    if importlib.util.find_spec("xinbao.items.generate") is None:
        assert "尚不可用" in out.getvalue()
    else:
        assert "已生成 5 条信息" in out.getvalue()
