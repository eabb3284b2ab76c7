"""Unit pages: create, edit, move, delete (with confirmation), restore, channels, roster."""

import datetime

import pytest

from xinbao.audit.models import AuditRecord
from xinbao.orgs.models import OfficerAssignment, Unit, UnitChannel, UnitMove


def test_system_admin_creates_a_unit_under_a_parent(city, login):
    client = login(city.sysadmin)
    response = client.post(
        "/orgs/units/new/",
        {
            "parent": "QH",
            "name": "清河双河镇",
            "code": "QH-T09",
            "level": "township",
            "kind": "township",
            "order": 3,
        },
    )
    unit = Unit.objects.get(code="QH-T09")
    assert response.status_code == 302 and response.url == f"/orgs/units/{unit.pk}/"
    county = Unit.objects.get(pk=city.county.pk)
    assert unit.parent_id == county.pk and unit.path == f"{county.path}{unit.pk:08d}/" and unit.depth == 3
    assert AuditRecord.objects.filter(action="orgs.create_unit", object_id=str(unit.pk)).exists()


def test_duplicate_code_is_shown_on_the_form_and_nothing_is_created(city, login):
    client = login(city.sysadmin)
    before = Unit.objects.count()
    response = client.post(
        "/orgs/units/new/", {"name": "重复", "code": "QH-T01", "level": "township", "kind": "township", "order": 0}
    )
    assert response.status_code == 200
    assert "单位编码“QH-T01”已被使用。" in response.content.decode()
    assert Unit.objects.count() == before


def test_edit_sets_assessment_class_and_liuyou(city, login):
    from xinbao.orgs.models import AssessmentClass

    klass = AssessmentClass.objects.create(name="一类", order=1)
    client = login(city.sysadmin)
    response = client.post(
        f"/orgs/units/{city.township.pk}/edit/",
        {
            "name": "清河城关镇",
            "code": "QH-T01",
            "level": "township",
            "kind": "township",
            "order": 1,
            "assessment_class": klass.pk,
            "has_place": "on",
            "has_funds": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(pk=city.township.pk)
    assert unit.assessment_class == klass and unit.has_place and unit.has_funds and not unit.has_equipment
    record = AuditRecord.objects.get(action="orgs.update_unit", object_id=str(unit.pk))
    assert record.new_values == {"assessment_class": klass.pk, "order": 1, "has_place": True, "has_funds": True}


def test_move_through_the_page_keeps_history_on_the_detail_page(city, login):
    client = login(city.sysadmin)
    response = client.post(f"/orgs/units/{city.township.pk}/move/", {"new_parent": "BS", "reason": "撤并"})
    assert response.status_code == 302
    unit = Unit.objects.get(pk=city.township.pk)
    assert unit.parent_id == city.county2.pk
    move = UnitMove.objects.get(unit=unit)
    assert move.from_parent_id == city.county.pk and move.moved_by == city.sysadmin
    page = client.get(f"/orgs/units/{unit.pk}/").content.decode()
    assert "调整记录" in page and "清河县 → 白石县 撤并" in page


def test_move_under_own_child_is_refused_with_message(city, login):
    client = login(city.sysadmin)
    response = client.post(f"/orgs/units/{city.county.pk}/move/", {"new_parent": "QH-T01"})
    assert response.status_code == 200
    assert "不能把单位移到它自己或它的下级单位之下。" in response.content.decode()
    assert Unit.objects.get(pk=city.county.pk).parent_id == city.city.pk


def test_delete_asks_for_confirmation_then_soft_deletes_and_restores(city, login):
    client = login(city.sysadmin)
    unit = Unit.objects.create(name="临时单位", code="TMP", parent=city.county, path="", depth=3)
    unit.path = f"{city.county.path}{unit.pk:08d}/"
    unit.save()
    page = client.get(f"/orgs/units/{unit.pk}/delete/")
    assert page.status_code == 200 and "确定删除“临时单位”吗" in page.content.decode()
    assert Unit.objects.get(pk=unit.pk).deleted_at is None
    client.post(f"/orgs/units/{unit.pk}/delete/", {"confirm": "yes"})
    assert Unit.objects.get(pk=unit.pk).deleted_at is not None
    deleted_list = client.get("/orgs/units/?deleted=1").content.decode()
    assert "临时单位" in deleted_list
    client.post(f"/orgs/units/{unit.pk}/restore/", {"confirm": "yes"})
    assert Unit.objects.get(pk=unit.pk).deleted_at is None
    assert list(
        AuditRecord.objects.filter(object_id=str(unit.pk), object_type="orgs.unit").values_list("action", flat=True)
    ) == ["orgs.restore_unit", "orgs.delete_unit"]


def test_delete_refused_while_people_remain(city, login):
    client = login(city.sysadmin)
    response = client.post(f"/orgs/units/{city.township3.pk}/delete/", {"confirm": "yes"}, follow=True)
    assert "该单位还有在册人员，请先调整人员所在单位。" in response.content.decode()
    assert Unit.objects.get(pk=city.township3.pk).deleted_at is None


def test_channel_settings_default_to_nearest_hub(city, login):
    client = login(city.sysadmin)
    response = client.post(f"/orgs/units/{city.township2.pk}/channel/", {"channel": city.channels["gov"].pk})
    assert response.status_code == 302
    link = UnitChannel.objects.get(unit=city.township2, channel=city.channels["gov"])
    assert link.hub_id == city.county_gov_hub.pk and not link.is_hub


def test_leave_channel_refused_for_a_hub_with_members(city, login):
    client = login(city.sysadmin)
    url = f"/orgs/units/{city.county_hub.pk}/channel/{city.channels['party'].pk}/leave/"
    response = client.post(url, follow=True)
    assert "仍有单位向本单位报送该渠道信息，不能退出该渠道。" in response.content.decode()
    assert UnitChannel.objects.filter(unit=city.county_hub, channel=city.channels["party"]).exists()


def test_roster_register_and_end_updates_vacancy(city, login):
    client = login(city.sysadmin)
    response = client.post(
        f"/orgs/units/{city.township3.pk}/officers/new/",
        {"person": city.officer3.pk, "employment": "full", "start_date": "2026-01-05", "registered_at": "2026-01-08"},
    )
    assert response.status_code == 302
    assignment = OfficerAssignment.objects.get(unit=city.township3)
    assert assignment.employment == "full" and assignment.registered_at == datetime.date(2026, 1, 8)
    assert Unit.objects.get(pk=city.township3.pk).has_officer
    response = client.post(f"/orgs/officers/{assignment.pk}/end/", {"end_date": "2026-01-01"})
    assert "结束日期不能早于开始日期。" in response.content.decode()
    client.post(f"/orgs/officers/{assignment.pk}/end/", {"end_date": "2026-03-31", "note": "调离"})
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2026, 3, 31)
    assert not Unit.objects.get(pk=city.township3.pk).has_officer
    # The county2 hub now sees 石桥镇 as a vacancy.
    vacancies = login(city.county2_editor).get("/orgs/vacancies/").content.decode()
    assert "白石石桥镇" in vacancies


@pytest.mark.parametrize("who", ["officer", "county_editor", "secadmin", "auditadmin"])
def test_only_the_system_admin_gets_unit_forms(city, login, who):
    client = login(city.people[who])
    assert client.get("/orgs/units/new/").status_code == 403
    assert client.get(f"/orgs/units/{city.township.pk}/edit/").status_code in (403, 404)
    before = Unit.objects.count()
    client.post("/orgs/units/new/", {"name": "x", "code": "X1", "level": "county", "kind": "department", "order": 0})
    assert Unit.objects.count() == before


def test_unit_list_query_count_does_not_grow(city, login, django_assert_max_num_queries):
    client = login(city.sysadmin)
    client.get("/orgs/units/")
    with django_assert_max_num_queries(10):
        client.get("/orgs/units/")
    for i in range(30):
        Unit.objects.create(name=f"新单位{i}", code=f"N{i}", parent=city.county, path=f"/x{i}/")
    with django_assert_max_num_queries(10):
        client.get("/orgs/units/")


def test_forms_take_unit_codes_with_suggestions(city, login):
    client = login(city.sysadmin)
    page = client.get(f"/orgs/units/new/?parent={city.county.pk}").content.decode()
    assert 'value="QH"' in page and "<datalist" in page and '<option value="QH-T01">清河城关镇</option>' in page
    response = client.post(
        "/orgs/units/new/",
        {"parent": "NOPE", "name": "x", "code": "X9", "level": "county", "kind": "department", "order": 0},
    )
    assert "没有编码为“NOPE”的在用单位。" in response.content.decode()
    assert not Unit.objects.filter(code="X9").exists()
    for url in (
        f"/orgs/units/{city.township.pk}/move/",
        f"/orgs/units/{city.township.pk}/channel/",
        f"/orgs/units/{city.township.pk}/officers/new/",
        f"/orgs/people/new/?unit={city.township.pk}",
        f"/orgs/people/{city.officer.pk}/edit/",
        f"/orgs/people/{city.officer.pk}/",
        "/orgs/import/units/",
        "/orgs/import/people/",
        f"/orgs/units/{city.township.pk}/edit/",
    ):
        assert client.get(url).status_code == 200, url


def test_assessment_classes_page(city, login):
    from xinbao.orgs.models import AssessmentClass

    client = login(city.sysadmin)
    client.post("/orgs/classes/", {"name": "一类", "order": 1})
    response = client.post("/orgs/classes/", {"name": "一类", "order": 2})
    assert "考核类别“一类”已存在。" in response.content.decode()
    klass = AssessmentClass.objects.get()
    Unit.objects.filter(pk__in=[city.township.pk, city.township2.pk]).update(assessment_class=klass)
    page = client.get("/orgs/classes/")
    assert [(c.name, c.unit_count) for c in page.context["classes"]] == [("一类", 2)]
    client.post(f"/orgs/classes/{klass.pk}/edit/", {"name": "第一类", "order": 1})
    assert AssessmentClass.objects.get().name == "第一类"
    assert login(city.county_editor).get("/orgs/classes/").status_code == 403


def test_hub_staff_see_their_office_and_the_units_reporting_to_it(city, login):
    from xinbao.orgs import queries

    assert set(queries.visible_units(city.county_editor).values_list("code", flat=True)) == {
        "QH-SW",
        "QH-T01",
        "QH-T02",
    }
    # A vacancy on the hub's list opens (it reports to the hub, though it is not below it).
    client = login(city.county2_editor)
    assert "白石石桥镇" in client.get("/orgs/vacancies/").content.decode()
    assert client.get(f"/orgs/units/{city.township3.pk}/").status_code == 200
    assert client.get(f"/orgs/units/{city.township.pk}/").status_code == 404


def test_account_without_unit_sees_no_units_or_people(city):
    from xinbao.orgs import actions, queries

    loner = actions.create_person(None, username="loner", display_name="无单位", unit=None, roles=["hub_editor"])[0]
    assert not queries.visible_units(loner).exists()
    assert not queries.people_list(loner).exists()


def test_tree_view_two_levels_below_the_chosen_unit(city, login):
    client = login(city.sysadmin)
    response = client.get(f"/orgs/units/?view=tree&under={city.city.pk}")
    rows = [(unit.code, level) for unit, level in response.context["rows"]]
    assert rows == [
        ("JZ", 0),
        ("JZ-SW", 1),
        ("JZ-D01", 1),
        ("QH", 1),
        ("QH-SW", 2),
        ("QH-ZF", 2),
        ("QH-T01", 2),
        ("QH-T02", 2),
        ("BS", 1),
        ("BS-SW", 2),
        ("BS-T01", 2),
    ]
    assert f'href="?view=tree&amp;under={city.township.pk}"' in response.content.decode()


def test_tree_view_of_a_hub_editor_starts_at_their_unit(city, login):
    response = login(city.county_editor).get("/orgs/units/?view=tree")
    assert [unit.code for unit, _level in response.context["rows"]] == ["QH-SW"]


def test_roster_records_a_past_assignment_with_its_end(city, login):
    client = login(city.sysadmin)
    response = client.post(
        f"/orgs/units/{city.township3.pk}/officers/new/",
        {
            "person": city.signer3.pk,
            "employment": "part",
            "start_date": "2024-01-01",
            "end_date": "2023-12-31",
            "registered_at": "2024-01-02",
        },
    )
    assert "结束日期不能早于开始日期。" in response.content.decode()
    client.post(
        f"/orgs/units/{city.township3.pk}/officers/new/",
        {
            "person": city.signer3.pk,
            "employment": "part",
            "start_date": "2024-01-01",
            "end_date": "2025-06-30",
            "registered_at": "2024-01-02",
        },
    )
    assignment = OfficerAssignment.objects.get(unit=city.township3)
    assert (assignment.start_date, assignment.end_date) == (datetime.date(2024, 1, 1), datetime.date(2025, 6, 30))
    # A past assignment does not staff the unit today.
    assert not Unit.objects.get(pk=city.township3.pk).has_officer
    assert "白石石桥镇" in login(city.county2_editor).get("/orgs/vacancies/").content.decode()
