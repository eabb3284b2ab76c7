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
