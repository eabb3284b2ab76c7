from xinbao.orgs import actions, queries
from xinbao.orgs.models import Unit, UnitMove


def test_subtree_covers_descendants_only(city):
    names = set(queries.subtree(city.county).values_list("name", flat=True))
    assert names == {"清河县", "中共清河县委办公室", "清河县人民政府办公室", "清河城关镇", "清河新华镇"}
    assert "白石石桥镇" not in set(queries.subtree(city.county).values_list("name", flat=True))


def test_move_rewrites_subtree_and_keeps_history(city):
    actions.move_unit(None, city.county, city.province, reason="区划调整")
    township = Unit.objects.get(pk=city.township.pk)
    assert township.path.startswith(Unit.objects.get(pk=city.province.pk).path)
    assert township.depth == 2
    assert not queries.subtree(city.city).filter(pk=township.pk).exists()
    move = UnitMove.objects.get(unit=city.county)
    assert move.from_parent == city.city and move.to_parent == city.province and move.reason == "区划调整"


def test_cannot_move_under_own_descendant(city):
    import pytest

    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError):
        actions.move_unit(None, city.county, city.township)


def test_nearest_hub_is_found_among_ancestors_offices(city):
    unit = actions.create_unit(
        None, name="清河双河镇", code="QH-T03", parent=city.county, level="township", kind="township"
    )
    link = actions.set_unit_channel(None, unit, city.channels["party"])
    assert link.hub == city.county_hub


def test_delete_refused_with_live_children_then_soft_delete_and_restore(city):
    import pytest

    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError, match="下级单位"):
        actions.delete_unit(None, city.county2)
    empty = actions.create_unit(None, name="空单位", code="EMPTY", parent=city.county2)
    actions.delete_unit(None, empty)
    assert not queries.subtree(city.county2).filter(pk=empty.pk).exists()
    assert Unit.objects.filter(pk=empty.pk).exists()  # soft: the row stays
    actions.restore_unit(None, empty)
    assert queries.subtree(city.county2).filter(pk=empty.pk).exists()


def test_restore_refused_while_parent_deleted(city):
    import pytest

    from xinbao.core.errors import DomainError

    parent = actions.create_unit(None, name="上级", code="P1", parent=city.city)
    child = actions.create_unit(None, name="下级", code="C1", parent=parent)
    actions.delete_unit(None, child)
    actions.delete_unit(None, parent)
    with pytest.raises(DomainError, match="请先恢复上级单位"):
        actions.restore_unit(None, child)


def test_move_subtree_keeps_descendant_paths_consistent(city):
    actions.move_unit(None, city.county, city.county2, reason="并入")
    for unit in Unit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk:08d}/"
        assert unit.path == expected and unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
    assert set(queries.subtree(city.county2).values_list("code", flat=True)) == {
        "BS",
        "BS-SW",
        "BS-T01",
        "QH",
        "QH-SW",
        "QH-ZF",
        "QH-T01",
        "QH-T02",
    }


def test_has_officer_follows_the_roster_only(city):
    import pytest

    from xinbao.core.errors import DomainError

    with pytest.raises(DomainError, match="has_officer"):
        actions.update_unit(None, city.township, has_officer=True)
    assert queries.all_vacancies().filter(pk=city.township.pk).exists()
