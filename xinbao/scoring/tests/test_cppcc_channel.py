"""A CPPCC office receiving 社情民意 from members in person: the draft form defaults to 社情民意, the
editor's queue and the issue's credit line name the member and their 界别."""

from __future__ import annotations

from typing import Any

from xinbao.items.credits import credit_lines
from xinbao.orgs import actions as orgs
from xinbao.orgs.models import Channel
from xinbao.orgs.roles import Role


def _cppcc_office(city: Any) -> tuple[Any, Any, Any]:
    """政协江州市委员会办公室 (a hub on the CPPCC channel), its 经济界, a member of that 界别 and an editor."""
    region = city.city_hub.parent
    office = orgs.create_unit(
        None, name="政协江州市委员会办公室", code="JZ-ZX", parent=region, kind="cppcc", level="city"
    )
    orgs.set_unit_channel(None, office, Channel.objects.get(code="cppcc"), is_hub=True)
    sector = orgs.create_unit(None, name="经济界", code="JZ-ZX-J1", parent=office, kind="sector", level="city")
    member, _link = orgs.create_person(
        None, username="wang_weiyuan", display_name="王委员", unit=office, roles=[Role.CPPCC_MEMBER], sector=sector
    )
    editor, _link = orgs.create_person(
        None, username="zx_bianji", display_name="政协编辑", unit=office, roles=[Role.HUB_EDITOR]
    )
    type(member).objects.filter(pk__in=[member.pk, editor.pk]).update(must_change_password=False)
    member.refresh_from_db()
    editor.refresh_from_db()
    return office, member, editor


def test_member_writes_opinion_by_default_and_is_credited_by_name_and_sector(city, login) -> None:  # type: ignore[no-untyped-def]
    from xinbao.items import actions as items_actions

    _office, member, editor = _cppcc_office(city)
    page = login(member).get("/items/new/").content.decode()
    assert '<option value="opinion" selected>' in page
    item = items_actions.create_draft(
        member,
        category="opinion",
        title="关于小微企业融资的建议",
        body="建议。",
        writer_name="王委员",
        writer_phone="1",
    )
    items_actions.submit(member, item, [Channel.objects.get(code="cppcc")])
    queue = login(editor).get("/items/queue/").content.decode()
    assert "关于小微企业融资的建议" in queue and "王委员（经济界）" in queue
    assert credit_lines([(item, "政协江州市委员会办公室")])[0] == "王委员（经济界）"


def test_an_officer_keeps_the_unit_credit_and_no_default(city, login) -> None:  # type: ignore[no-untyped-def]
    from xinbao.items.testing import make_submitted_item

    sub = make_submitted_item(city)
    assert credit_lines([(sub.item, "清河城关镇")])[0] == "清河城关镇"
    page = login(city.officer).get("/items/new/").content.decode()
    assert '<option value="opinion" selected>' not in page
