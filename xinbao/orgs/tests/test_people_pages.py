"""People and roles: list, create, edit, deactivate, roles and 三员分立, password reset, unlock."""

import pytest

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import PermissionRefused
from xinbao.orgs import actions
from xinbao.orgs.models import User, UserRole
from xinbao.orgs.roles import Role


def roles_of(person):
    return set(UserRole.objects.filter(user=person).values_list("role", flat=True))


def test_people_list_filters_by_unit_role_and_keyword(city, login):
    client = login(city.sysadmin)
    page = client.get(f"/orgs/people/?unit={city.county.pk}&role=hub_editor").content.decode()
    assert "测试county_editor" in page and "测试county_gov_editor" in page
    assert "测试county_chief" not in page and "测试city_editor" not in page
    page = client.get("/orgs/people/?q=signer2").content.decode()
    assert "测试signer2" in page and "测试signer3" not in page


def test_people_list_query_count_constant(city, login, django_assert_max_num_queries):
    client = login(city.sysadmin)
    with django_assert_max_num_queries(10):
        client.get("/orgs/people/")
    actions.bulk_create_people(
        None,
        [
            {"username": f"u{i}", "display_name": f"人{i}", "unit": city.township, "roles": ["officer", "signer"]}
            for i in range(40)
        ],
        password_hash="x",
    )
    with django_assert_max_num_queries(10):
        client.get("/orgs/people/")


def test_officer_cannot_open_people_list(city, login):
    assert login(city.officer).get("/orgs/people/").status_code == 403


def test_create_person_gives_a_one_time_link_and_no_password(city, login):
    client = login(city.sysadmin)
    response = client.post(
        "/orgs/people/new/",
        {"username": "zhangsan", "display_name": "张三", "unit": "QH-T01", "roles": ["officer"]},
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/orgs/set-password/") and link in response.content.decode()
    assert "password" not in response.context
    person = User.objects.get(username="zhangsan")
    assert not person.has_usable_password() and person.must_change_password
    assert roles_of(person) == {"officer"}
    assert AuditRecord.objects.filter(action="orgs.create_person", object_id=str(person.pk)).exists()


def test_edit_deactivate_reactivate(city, login):
    client = login(city.sysadmin)
    client.post(
        f"/orgs/people/{city.officer.pk}/edit/",
        {"display_name": "李四", "unit": "QH-T02", "phone": "0571-1234", "title": "", "email": ""},
    )
    person = User.objects.get(pk=city.officer.pk)
    assert person.display_name == "李四" and person.unit_id == city.township2.pk
    assert client.get(f"/orgs/people/{person.pk}/deactivate/").status_code == 200  # confirmation page
    assert User.objects.get(pk=person.pk).is_active
    client.post(f"/orgs/people/{person.pk}/deactivate/", {"confirm": "yes"})
    person.refresh_from_db()
    assert not person.is_active and person.deleted_at is not None
    assert "李四" in client.get("/orgs/people/?status=inactive").content.decode()
    client.post(f"/orgs/people/{person.pk}/reactivate/", {"confirm": "yes"})
    person.refresh_from_db()
    assert person.is_active and person.deleted_at is None
    actions_done = list(
        AuditRecord.objects.filter(object_id=str(person.pk), object_type="orgs.user").values_list("action", flat=True)
    )
    assert actions_done[:3] == ["orgs.reactivate_person", "orgs.deactivate_person", "orgs.update_person"]


# --- 三员分立 -----------------------------------------------------------------------------------


ADMIN_ROLE_OF = {"sysadmin": "system_admin", "secadmin": "security_admin", "auditadmin": "audit_admin"}


@pytest.mark.parametrize(
    ("holder", "extra"),
    [
        ("sysadmin", Role.SECURITY_ADMIN),
        ("sysadmin", Role.AUDIT_ADMIN),
        ("secadmin", Role.SYSTEM_ADMIN),
        ("secadmin", Role.AUDIT_ADMIN),
        ("auditadmin", Role.SYSTEM_ADMIN),
        ("auditadmin", Role.SECURITY_ADMIN),
    ],
)
def test_no_account_holds_two_admin_roles(city, holder, extra):
    # Granted by a second security admin, so only the 三员分立 rule can refuse it.
    granter = actions.create_person(None, username="sec2", display_name="安全二", unit=city.city_hub)[0]
    UserRole.objects.create(user=granter, role=Role.SECURITY_ADMIN)
    granter = User.objects.get(pk=granter.pk)
    person = city.people[holder]
    with pytest.raises(PermissionRefused, match="三员分立"):
        actions.grant_role(granter, person, extra)
    assert roles_of(person) == {ADMIN_ROLE_OF[holder]}


def test_three_admin_refusal_shown_as_message_on_the_page(city, login):
    client = login(city.secadmin)
    response = client.post(f"/orgs/people/{city.sysadmin.pk}/roles/grant/", {"role": "audit_admin"}, follow=True)
    assert response.redirect_chain == [(f"/orgs/people/{city.sysadmin.pk}/", 302)]
    assert "三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任。" in response.content.decode()
    assert roles_of(city.sysadmin) == {"system_admin"}


def test_system_admin_cannot_grant_admin_roles(city, login):
    response = login(city.sysadmin).post(
        f"/orgs/people/{city.officer.pk}/roles/grant/", {"role": "security_admin"}, follow=True
    )
    assert response.redirect_chain == [(f"/orgs/people/{city.officer.pk}/", 302)]
    assert "只有安全管理员可以分配角色、重置密码或解除锁定。" in response.content.decode()
    assert roles_of(city.officer) == {"officer"}


def test_security_admin_grants_and_revokes_business_roles(city, login):
    client = login(city.secadmin)
    client.post(f"/orgs/people/{city.officer.pk}/roles/grant/", {"role": "signer"})
    assert roles_of(city.officer) == {"officer", "signer"}
    client.post(f"/orgs/people/{city.officer.pk}/roles/revoke/", {"role": "officer"})
    assert roles_of(city.officer) == {"signer"}
    assert AuditRecord.objects.filter(action="orgs.grant_role", object_id=str(city.officer.pk)).count() == 1
    assert AuditRecord.objects.filter(action="orgs.revoke_role", object_id=str(city.officer.pk)).count() == 1


def test_system_admin_cannot_read_audit_records(city, login):
    response = login(city.sysadmin).get("/audit/")
    assert response.status_code == 403
    assert "只有审计管理员可以查阅审计记录。" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/orgs/units/new/", {"name": "x", "code": "X1", "level": "county", "kind": "department", "order": 0}),
        ("/orgs/people/{officer}/roles/grant/", {"role": "signer"}),
        ("/orgs/people/{officer}/deactivate/", {"confirm": "yes"}),
        ("/orgs/people/{officer}/reset-password/", {"method": "link"}),
        ("/orgs/people/{officer}/reset-password/", {"method": "letter"}),
    ],
)
def test_audit_admin_cannot_change_anything(city, login, url, data):
    client = login(city.auditadmin)  # signing in is itself audited: count after it
    before = (User.objects.filter(is_active=True).count(), UserRole.objects.count(), AuditRecord.objects.count())
    password = User.objects.get(pk=city.officer.pk).password
    response = client.post(url.format(officer=city.officer.pk), data)
    assert response.status_code == 403
    after = (User.objects.filter(is_active=True).count(), UserRole.objects.count(), AuditRecord.objects.count())
    assert after == before and User.objects.get(pk=city.officer.pk).password == password


def test_audit_admin_refused_by_every_action():
    # write_action refuses the read-only account before the action body runs.
    from xinbao.core.actions import refuse_read_only

    class Auditor:
        is_read_only = True

    with pytest.raises(PermissionRefused, match="审计管理员只能查阅审计记录"):
        refuse_read_only(Auditor())


# --- passwords and lockout ---------------------------------------------------------------------


def test_system_admin_cannot_reset_password(city, login, password):
    response = login(city.sysadmin).post(f"/orgs/people/{city.officer.pk}/reset-password/", {"method": "link"})
    assert response.status_code == 403
    assert User.objects.get(pk=city.officer.pk).check_password(password)


def test_security_admin_makes_a_plain_account_an_admin(city, login):
    person = actions.create_person(None, username="auditor2", display_name="审计二", unit=city.city_hub)[0]
    client = login(city.secadmin)
    client.post(f"/orgs/people/{person.pk}/roles/grant/", {"role": "audit_admin"})
    assert roles_of(person) == {"audit_admin"}
    # …and a second admin role on the same account is refused.
    client.post(f"/orgs/people/{person.pk}/roles/grant/", {"role": "system_admin"})
    assert roles_of(person) == {"audit_admin"}
    # The security admin cannot make themself another admin either.
    client.post(f"/orgs/people/{city.secadmin.pk}/roles/grant/", {"role": "system_admin"})
    assert roles_of(city.secadmin) == {"security_admin"}
