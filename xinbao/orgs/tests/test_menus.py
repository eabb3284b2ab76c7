"""Every role's menu, as rendered on the home page: the entries of the foundation apps
(orgs, audit, notify, api) that each role sees, hand-listed. Other apps' entries are checked
in their own tests, so they are filtered out here."""

import re

import pytest

from xinbao.orgs.roles import Role

FOUNDATION = ("orgs.", "audit.", "notify.", "api.")
HUB = {"orgs.units", "orgs.people", "orgs.vacancies", "orgs.roster", "notify.inbox", "api.tokens"}
WORKER = {"notify.inbox", "api.tokens"}

EXPECTED = {
    Role.OFFICER: WORKER,
    Role.SPECIAL_OFFICER: WORKER,
    Role.CPPCC_MEMBER: WORKER,
    Role.SIGNER: WORKER,
    Role.HUB_EDITOR: HUB,
    Role.HUB_CHIEF: HUB,
    Role.HUB_DIRECTOR: HUB,
    Role.LEADER: {"notify.inbox"},  # leaders and duty officers work in the pages: no API token
    Role.DUTY_OFFICER: {"notify.inbox"},
    Role.SYSTEM_ADMIN: {"orgs.units", "orgs.people", "orgs.vacancies", "notify.inbox", "notify.channels", "api.tokens"},
    Role.SECURITY_ADMIN: {"orgs.units", "orgs.people", "notify.inbox", "api.tokens"},
    Role.AUDIT_ADMIN: {"audit.log"},
}

USER_OF = {
    Role.OFFICER: "officer",
    Role.SPECIAL_OFFICER: "special_officer",
    Role.CPPCC_MEMBER: "cppcc_member",
    Role.SIGNER: "signer",
    Role.HUB_EDITOR: "county_editor",
    Role.HUB_CHIEF: "county_chief",
    Role.HUB_DIRECTOR: "county_director",
    Role.LEADER: "county_leader",
    Role.DUTY_OFFICER: "duty",
    Role.SYSTEM_ADMIN: "sysadmin",
    Role.SECURITY_ADMIN: "secadmin",
    Role.AUDIT_ADMIN: "auditadmin",
}


def test_every_role_is_listed():
    assert set(EXPECTED) == set(Role) == set(USER_OF)


@pytest.mark.parametrize("role", list(Role))
def test_menu_per_role(city, login, role):
    html = login(city.people[USER_OF[role]]).get("/").content.decode()
    keys = set(re.findall(r'data-menu="([^"]+)"', html))
    assert {k for k in keys if k.startswith(FOUNDATION)} == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_menu_links_open_for_the_role(city, login, role):
    """Every foundation entry a role sees opens for that role (no menu link leads to a 403)."""
    client = login(city.people[USER_OF[role]])
    html = client.get("/").content.decode()
    entries = re.findall(r'href="([^"]+)" data-menu="([^"]+)"', html)
    for url, key in entries:
        if key.startswith(FOUNDATION):
            assert client.get(url).status_code == 200, (key, url)
