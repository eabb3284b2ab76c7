"""Routing by configuration: a unit's hub in a channel is the hub directly above it, never 越级."""

import pytest

from xinbao.core.errors import DomainError
from xinbao.orgs import actions
from xinbao.orgs.models import UnitChannel


def hub_of(unit, channel):
    return UnitChannel.objects.get(unit=unit, channel=channel).hub


@pytest.mark.parametrize(
    ("unit", "hub", "message"),
    [
        # A township past its county office straight to the city office.
        ("township", "city_hub", "不能越级报送：“清河城关镇”在“党委信息”渠道应向“中共清河县委办公室”报送"),
        # …or to the province.
        ("township", "province_hub", "不能越级报送"),
        # A hub of another county's branch of the tree.
        ("township", "county2_hub", "“中共白石县委办公室”不是“清河城关镇”的上级汇总单位"),
        # A county office reporting to the province, skipping the city.
        ("county_hub", "province_hub", "不能越级报送"),
        # Upwards only: the city office cannot report to a county office below it.
        ("city_hub", "county_hub", "不是“中共江州市委办公室”的上级汇总单位"),
        # A unit that is no hub in the channel.
        ("township2", "city_dept", "不是信息汇总单位"),
        ("township", "township", "单位不能向自己报送信息"),
    ],
)
def test_routing_refusals(city, unit, hub, message):
    party = city.channels["party"]
    before = hub_of(city.units[unit], party)
    with pytest.raises(DomainError, match=message):
        actions.set_unit_channel(city.sysadmin, city.units[unit], party, hub=city.units[hub])
    assert hub_of(city.units[unit], party) == before


def test_routing_refusal_shown_on_the_page(city, login):
    response = login(city.sysadmin).post(
        f"/orgs/units/{city.township.pk}/channel/",
        {"channel": city.channels["party"].pk, "hub": city.city_hub.pk},
    )
    assert response.status_code == 200
    assert "不能越级报送" in response.content.decode()
    assert hub_of(city.township, city.channels["party"]) == city.county_hub


@pytest.mark.parametrize(
    ("unit", "hub"),
    [("township", "county_hub"), ("city_dept", "city_hub"), ("county_hub", "city_hub"), ("city_hub", "province_hub")],
)
def test_the_hub_directly_above_is_accepted(city, unit, hub):
    party = city.channels["party"]
    link = actions.set_unit_channel(city.sysadmin, city.units[unit], party, hub=city.units[hub])
    assert link.hub == city.units[hub]


def test_every_link_of_the_small_city_passes(city):
    for link in UnitChannel.objects.select_related("unit", "channel", "hub"):
        assert actions.routing_problem(link.unit, link.channel, link.hub) is None, link


@pytest.mark.django_db
def test_every_link_of_the_demo_city_passes():
    # The demo is built with bulk inserts, not through set_unit_channel: check it by the same rule
    # (CPPCC committees and sectors hang under the CPPCC office they report to).
    from xinbao.orgs.demo import build_demo_city

    build_demo_city()
    links = UnitChannel.objects.select_related("unit", "channel", "hub")
    problems = [(str(link), p) for link in links if (p := actions.routing_problem(link.unit, link.channel, link.hub))]
    assert problems == []
    assert links.count() > 500
