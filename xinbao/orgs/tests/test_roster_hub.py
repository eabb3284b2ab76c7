"""The officer roster as an office keeps it: today's date in the 备案 form, vacancies counted on the day
(an officer starting tomorrow does not fill today), units without officer duty left out, the hub's own
信息员名册 with Excel export, registering by the hub, and 督促 of a vacant unit."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.notify.models import Notification
from xinbao.orgs import actions, queries
from xinbao.orgs.models import Unit, UnitKind, User

TODAY = datetime.date(2026, 11, 30)


def _person(unit: Unit, username: str) -> User:
    return User.objects.create(username=username, display_name=username, unit=unit)


@time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_form_shows_todays_date_as_the_date_input_reads_it(city, login):
    html = login(city.county_editor).get(f"/orgs/units/{city.township2.pk}/officers/new/").content.decode()
    assert 'name="registered_at" value="2026-11-30"' in html


@time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_an_officer_starting_tomorrow_does_not_fill_todays_vacancy(city):
    newcomer = _person(city.township2, "xinhua_new")
    assert city.township2 in queries.vacancies(city.county_hub)
    actions.register_officer(
        city.county_editor,
        unit=city.township2,
        person=newcomer,
        start_date=TODAY + datetime.timedelta(days=1),
    )
    assert city.township2 in queries.vacancies(city.county_hub)
    assert city.township2 in queries.all_vacancies()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert city.township2 not in queries.vacancies(city.county_hub)
        assert city.township2 not in queries.all_vacancies()


def test_offices_committees_sectors_and_regions_are_not_vacancies(city):
    committee = Unit.objects.create(name="提案委员会", code="QH-ZX-TA", kind=UnitKind.COMMITTEE, path="/zz/")
    from xinbao.orgs.models import UnitChannel

    UnitChannel.objects.create(unit=committee, channel=city.channels["party"], hub=city.county_hub)
    vacant = set(queries.all_vacancies())
    assert committee not in vacant
    assert not any(u.kind in {UnitKind.PARTY_OFFICE, UnitKind.GOV_OFFICE, UnitKind.REGION} for u in vacant)
    assert city.county_hub not in vacant and city.county_gov_hub not in vacant  # offices are hubs
    assert city.township2 in vacant  # a township without an officer is


def test_the_hub_registers_and_ends_its_units_officers_but_not_another_countys(city):
    newcomer = _person(city.township2, "xinhua_officer")
    assignment = actions.register_officer(city.county_editor, unit=city.township2, person=newcomer, start_date=TODAY)
    assert city.township2 not in queries.vacancies(city.county_hub)
    stranger = _person(city.township3, "shiqiao_officer")
    with pytest.raises(PermissionRefused):
        actions.register_officer(city.county_editor, unit=city.township3, person=stranger, start_date=TODAY)
    with pytest.raises(PermissionRefused):
        actions.register_officer(city.officer, unit=city.township2, person=newcomer, start_date=TODAY)
    with pytest.raises(DomainError, match="不是该单位的人员"):
        actions.register_officer(city.county_editor, unit=city.township2, person=stranger, start_date=TODAY)
    actions.end_officer_assignment(city.county_chief, assignment, TODAY)
    assert AuditRecord.objects.filter(action="orgs.end_officer_assignment", actor=city.county_chief).exists()


def test_the_hubs_roster_page_and_its_excel(city, login, django_assert_max_num_queries):
    client = login(city.county_editor)
    with django_assert_max_num_queries(20):
        html = client.get("/orgs/roster/").content.decode()
    assert city.township.name in html and city.township2.name in html
    assert city.township3.name not in html  # another county's unit
    vacant_only = client.get("/orgs/roster/?vacant=1").content.decode()
    assert city.township2.name in vacant_only
    response = client.get("/orgs/roster.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["单位", "类型", "信息员"]
    by_unit = {r[0]: r for r in rows[1:]}
    assert by_unit[city.township2.name][-1] == "缺员"
    assert login(city.officer).get("/orgs/roster/").status_code == 403


def test_urging_a_vacant_unit_tells_its_signer_once_per_click_and_is_audited(city, login):
    response = login(city.county_editor).post(f"/orgs/roster/{city.township2.pk}/urge/", {"note": "月底前报备"})
    assert response.status_code == 302
    message = Notification.objects.get(recipient=city.signer2, kind="orgs.urged")
    assert city.township2.name in message.text and "月底前报备" in message.text
    assert AuditRecord.objects.filter(action="orgs.urge_unit", actor=city.county_editor).count() == 1
    # A unit with an officer on duty needs no urging; another county's unit is not the hub's to urge.
    actions.register_officer(None, unit=city.township, person=city.officer, start_date=datetime.date(2026, 1, 1))
    with pytest.raises(DomainError, match="无需督促"):
        actions.urge_unit(city.county_editor, city.township)
    assert login(city.county_editor).post(f"/orgs/roster/{city.township3.pk}/urge/").status_code == 404
