"""三员分立 that cannot be bypassed: every refusal, through the actions, the pages, the API and import."""

import datetime

import pytest

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import PermissionRefused
from xinbao.orgs import actions
from xinbao.orgs.models import User, UserRole
from xinbao.orgs.roles import Role


def roles_of(person):
    return set(UserRole.objects.filter(user=person).values_list("role", flat=True))


def fresh(user):
    return User.objects.get(pk=user.pk)


def second_security_admin(city):
    person = actions.create_person(None, username="sec2", display_name="安全二", unit=city.city_hub)[0]
    actions.grant_role(None, person, Role.SECURITY_ADMIN)
    return fresh(person)


# --- no admin holds a business role, in either direction ---------------------------------------


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin", "auditadmin"])
@pytest.mark.parametrize("business", [Role.OFFICER, Role.HUB_EDITOR, Role.LEADER, Role.SIGNER])
def test_an_admin_account_gets_no_business_role(city, admin, business):
    granter = second_security_admin(city)
    person = city.people[admin]
    before = roles_of(person)
    with pytest.raises(PermissionRefused, match="管理员账号不能同时担任业务角色"):
        actions.grant_role(granter, person, business)
    assert roles_of(person) == before


@pytest.mark.parametrize("admin_role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_a_business_account_gets_no_admin_role(city, admin_role):
    with pytest.raises(PermissionRefused, match="管理员账号不能同时担任业务角色"):
        actions.grant_role(city.secadmin, city.county_editor, admin_role)
    assert roles_of(city.county_editor) == {Role.HUB_EDITOR}


def test_the_refusal_is_shown_on_the_person_page(city, login):
    response = login(city.secadmin).post(
        f"/orgs/people/{city.officer.pk}/roles/grant/", {"role": "audit_admin"}, follow=True
    )
    assert "三员分立：管理员账号不能同时担任业务角色" in response.content.decode()
    assert roles_of(city.officer) == {Role.OFFICER}


def test_creating_a_person_with_admin_and_business_roles_is_refused(city):
    with pytest.raises(PermissionRefused, match="管理员账号不能同时担任业务角色"):
        actions.create_person(
            None, username="mix", display_name="混合", unit=city.city_hub, roles=[Role.AUDIT_ADMIN, Role.OFFICER]
        )
    assert not User.objects.filter(username="mix").exists()


def test_bulk_people_with_mixed_roles_are_refused(city):
    rows = [{"username": "mix", "display_name": "混合", "unit": city.township, "roles": [Role.OFFICER, "system_admin"]}]
    with pytest.raises(PermissionRefused, match="三员分立"):
        actions.bulk_create_people(None, rows, password_hash="x")
    assert not User.objects.filter(username="mix").exists()


def test_importing_admin_roles_from_excel_is_refused(city, login):
    from xinbao.orgs.tests.test_excel import PEOPLE_HEADERS, upload, xlsx

    file = xlsx(PEOPLE_HEADERS, ["mix", "混合", "JZ-SW", "", "", "", "审计管理员、信息员"])
    response = upload(login(city.sysadmin), "people", file)
    assert response.context["errors"] == ["第2行：管理员角色不能通过导入分配，请由安全管理员逐个分配"]
    assert not User.objects.filter(username="mix").exists()


def test_an_admin_cannot_be_registered_as_officer(city):
    with pytest.raises(PermissionRefused, match="管理员账号不能备案为信息员"):
        actions.register_officer(
            city.sysadmin, unit=city.city_hub, person=city.auditadmin, start_date=datetime.date(2026, 1, 1)
        )
    assert roles_of(city.auditadmin) == {Role.AUDIT_ADMIN}


# --- nobody changes their own roles or unit ----------------------------------------------------


@pytest.mark.parametrize(("who", "role"), [("secadmin", Role.HUB_EDITOR), ("secadmin", Role.SYSTEM_ADMIN)])
def test_nobody_grants_themself_a_role(city, who, role):
    person = city.people[who]
    before = roles_of(person)
    with pytest.raises(PermissionRefused, match="不能给自己分配角色"):
        actions.grant_role(person, person, role)
    assert roles_of(person) == before


def test_nobody_revokes_their_own_role(city):
    with pytest.raises(PermissionRefused, match="不能收回自己的角色"):
        actions.revoke_role(city.secadmin, city.secadmin, Role.SECURITY_ADMIN)
    assert roles_of(city.secadmin) == {Role.SECURITY_ADMIN}


def test_no_role_buttons_on_ones_own_page(city, login):
    page = login(city.secadmin).get(f"/orgs/people/{city.secadmin.pk}/").content.decode()
    assert "/roles/grant/" not in page and "/reset-password/" not in page


def test_system_admin_cannot_change_own_unit(city, login):
    client = login(city.sysadmin)
    response = client.post(
        f"/orgs/people/{city.sysadmin.pk}/edit/",
        {"display_name": "改名", "unit": "QH-T01", "phone": "", "title": "", "email": ""},
    )
    assert response.status_code == 403 and "不能修改自己的所在单位" in response.content.decode()
    assert fresh(city.sysadmin).unit_id == city.city_hub.pk
    # Other own details may change.
    actions.update_person(city.sysadmin, city.sysadmin, phone="0571-1")
    assert fresh(city.sysadmin).phone == "0571-1"


# --- the system admin leaves the other two admins alone ----------------------------------------


@pytest.mark.parametrize("admin", ["secadmin", "auditadmin"])
def test_system_admin_cannot_edit_move_or_deactivate_the_other_admins(city, admin):
    person = city.people[admin]
    calls = [
        lambda: actions.update_person(city.sysadmin, person, phone="1"),
        lambda: actions.update_person(city.sysadmin, person, unit=city.township),
        lambda: actions.deactivate_person(city.sysadmin, person),
        lambda: actions.reactivate_person(city.sysadmin, person),
    ]
    for call in calls:
        with pytest.raises(PermissionRefused, match="系统管理员不能修改、调整或停用安全管理员和审计管理员"):
            call()
    person = fresh(person)
    assert person.is_active and person.unit_id == city.city_hub.pk and person.phone == ""
    assert not AuditRecord.objects.filter(object_id=str(person.pk), actor=city.sysadmin).exists()


def test_the_other_admins_pages_offer_no_edit_buttons_to_the_system_admin(city, login):
    page = login(city.sysadmin).get(f"/orgs/people/{city.auditadmin.pk}/").content.decode()
    assert "/edit/" not in page and "/deactivate/" not in page


def test_once_no_longer_an_admin_the_account_is_ordinary(city):
    # The two-person path for an auditor who leaves: the security admin revokes the role, then
    # the system admin deactivates the account.
    actions.revoke_role(city.secadmin, city.auditadmin, Role.AUDIT_ADMIN)
    actions.deactivate_person(city.sysadmin, fresh(city.auditadmin))
    assert not fresh(city.auditadmin).is_active


# --- security state: the security admin only, never their own ----------------------------------


@pytest.mark.parametrize("call", ["reset_password", "issue_reset_link", "unlock_account"])
def test_security_admin_cannot_reset_or_unlock_themself(city, call):
    before = fresh(city.secadmin).password
    with pytest.raises(PermissionRefused, match="不能重置或解锁自己的账号"):
        getattr(actions, call)(city.secadmin, city.secadmin)
    assert fresh(city.secadmin).password == before


@pytest.mark.parametrize("who", ["sysadmin", "auditadmin", "county_editor"])
@pytest.mark.parametrize("call", ["reset_password", "issue_reset_link", "unlock_account"])
def test_only_the_security_admin_resets_or_unlocks(city, who, call):
    before = fresh(city.officer).password
    with pytest.raises(PermissionRefused):
        getattr(actions, call)(city.people[who], city.officer)
    assert fresh(city.officer).password == before


def test_a_second_security_admin_may_reset_the_first(city):
    other = second_security_admin(city)
    actions.issue_reset_link(other, city.secadmin)
    assert not fresh(city.secadmin).has_usable_password()
