"""The HTTP API: token auth, token page, and the same permissions as the pages, per role."""

import pytest
from django.test import Client

from xinbao.api import actions
from xinbao.api.models import ApiToken, hash_key
from xinbao.audit.models import AuditRecord
from xinbao.core.errors import PermissionRefused
from xinbao.orgs.models import Unit, User, UserRole


def token_for(user):
    return actions.issue_token(user, "测试")[1]


def api(user=None, key=None):
    """A client that authenticates with a bearer token only (no session)."""
    key = key or (token_for(user) if user else None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    client = Client(**headers)
    return client


def test_no_token_is_401(city):
    assert Client().get("/api/orgs/units").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer xb_nonsense").get("/api/orgs/units").status_code == 401


def test_revoked_token_is_refused(city):
    token, key = actions.issue_token(city.sysadmin, "对接")
    client = api(key=key)
    assert client.get("/api/orgs/units").status_code == 200
    actions.revoke_token(city.sysadmin, token)
    assert client.get("/api/orgs/units").status_code == 401


def test_token_of_deactivated_person_is_refused(city):
    key = token_for(city.county_editor)
    User.objects.filter(pk=city.county_editor.pk).update(is_active=False)
    assert api(key=key).get("/api/orgs/units").status_code == 401


def test_only_the_hash_is_stored_and_use_is_recorded(city):
    token, key = actions.issue_token(city.officer, "对接")
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    api(key=key).get("/api/orgs/units")
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_units_are_scoped_like_the_pages(city):
    everything = {u["code"] for u in api(city.sysadmin).get("/api/orgs/units?page=1").json()["items"]}
    assert everything == set(Unit.objects.alive().values_list("code", flat=True))
    own = {u["code"] for u in api(city.officer).get("/api/orgs/units").json()["items"]}
    assert own == {"QH-T01"}
    assert api(city.officer).get(f"/api/orgs/units/{city.township2.pk}").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sysadmin", 200),
        ("secadmin", 200),
        ("county_editor", 200),
        ("officer", 403),
        ("signer", 403),
    ],
)
def test_people_list_permission_per_role(city, who, status):
    response = api(city.people[who]).get("/api/orgs/people")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": "您没有查看人员名册的权限。"}


@pytest.mark.parametrize(
    ("who", "status"), [("sysadmin", 201), ("secadmin", 403), ("county_editor", 403), ("officer", 403)]
)
def test_create_unit_permission_per_role(city, who, status):
    user = city.people[who]
    # A parent inside the user's own scope, so that only the role decides.
    parent = city.county if who in ("sysadmin", "secadmin") else user.unit
    response = api(user).post(
        "/api/orgs/units",
        {"name": "接口新单位", "code": "API-1", "parent_id": parent.pk},
        content_type="application/json",
    )
    assert response.status_code == status
    assert Unit.objects.filter(code="API-1").exists() == (status == 201)
    if status == 201:
        body = response.json()
        county = Unit.objects.get(pk=city.county.pk)
        assert body["path"] == f"{county.path}{body['id']:08d}/" and body["depth"] == 3
        assert AuditRecord.objects.filter(action="orgs.create_unit", actor=city.sysadmin).exists()


def test_audit_admin_cannot_use_the_api_to_write(city):
    # The audit admin cannot even issue a token (a write); one made by the system opens nothing.
    with pytest.raises(Exception, match="审计管理员"):
        actions.issue_token(city.auditadmin, "x")
    _token, key = actions.issue_token(None, "x", for_user=city.auditadmin)
    response = api(key=key).post("/api/orgs/units", {"name": "x", "code": "X"}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("who", ["county_leader", "duty"])
def test_roles_that_do_not_use_the_api_get_no_token(city, login, who):
    """Leaders and duty officers work in the pages (XINBAO_API_ROLES): no menu entry, no token, and a
    token made for them earlier (before a role change) is refused."""
    person = city.people[who]
    with pytest.raises(PermissionRefused, match="不使用接口"):
        actions.issue_token(person, "x")
    _token, key = actions.issue_token(None, "x", for_user=person)
    assert api(key=key).get("/api/orgs/people").status_code == 401
    client = login(person)
    assert client.get("/api/tokens/").status_code == 403
    assert "API 令牌" not in client.get("/").content.decode()
    assert "API 令牌" in login(city.officer).get("/").content.decode()


def test_domain_error_is_400_with_chinese_detail(city):
    response = api(city.sysadmin).post(
        "/api/orgs/units", {"name": "x", "code": "QH-T01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "单位编码“QH-T01”已被使用。", "field": "code"}


def test_move_update_delete_units(city):
    client = api(city.sysadmin)
    moved = client.post(
        f"/api/orgs/units/{city.township.pk}/move",
        {"parent_id": city.county2.pk, "reason": "区划"},
        content_type="application/json",
    ).json()
    assert moved["parent_id"] == city.county2.pk
    patched = client.patch(
        f"/api/orgs/units/{city.township.pk}", {"short_name": "城关"}, content_type="application/json"
    ).json()
    assert patched["short_name"] == "城关"
    unit = Unit.objects.create(name="空单位", code="EMPTY", path="/x/")
    assert client.delete(f"/api/orgs/units/{unit.pk}").status_code == 204
    assert Unit.objects.get(pk=unit.pk).deleted_at is not None


def test_create_person_and_roles_through_api(city):
    client = api(city.sysadmin)
    response = client.post(
        "/api/orgs/people",
        {"username": "api_user", "display_name": "接口用户", "unit_id": city.township.pk, "roles": ["officer"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    person = User.objects.get(username="api_user")
    assert body["person"]["roles"] == ["officer"] and "password" not in body
    # The owner sets a password through the one-time link; none is returned to the caller.
    assert body["set_password_url"].startswith("http://testserver/orgs/set-password/")
    assert not person.has_usable_password()
    # 三员分立 through the API too: the security admin cannot make the system admin an auditor.
    refused = api(city.secadmin).post(
        f"/api/orgs/people/{city.sysadmin.pk}/roles", {"role": "audit_admin"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "三员分立" in refused.json()["detail"]
    granted = api(city.secadmin).post(
        f"/api/orgs/people/{person.pk}/roles", {"role": "signer"}, content_type="application/json"
    )
    assert granted.json()["roles"] == ["officer", "signer"]
    revoked = api(city.secadmin).delete(f"/api/orgs/people/{person.pk}/roles/officer")
    assert revoked.json()["roles"] == ["signer"]
    assert set(UserRole.objects.filter(user=person).values_list("role", flat=True)) == {"signer"}


def test_api_docs_are_served(city, login):
    assert login(city.officer).get("/api/docs").status_code == 200


# --- the token page --------------------------------------------------------------------------


def test_token_page_issues_shows_once_and_revokes(city, login):
    client = login(city.county_editor)
    response = client.post("/api/tokens/", {"name": "报表对接"})
    key = response.context["new_key"]
    assert key.startswith("xb_") and key in response.content.decode()
    token = ApiToken.objects.get(user=city.county_editor)
    # Shown once: the list page afterwards has only the prefix.
    later = client.get("/api/tokens/").content.decode()
    assert key not in later and f"xb_{token.prefix}…" in later
    assert api(key=key).get("/api/orgs/units").status_code == 200
    client.post(f"/api/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert api(key=key).get("/api/orgs/units").status_code == 401
    assert list(AuditRecord.objects.filter(object_type="api.apitoken").values_list("action", flat=True)) == [
        "api.revoke_token",
        "api.issue_token",
    ]


def test_cannot_revoke_someone_elses_token(city, login):
    token, _key = actions.issue_token(city.officer, "x")
    response = login(city.county_editor).post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_token_name_required(city, login):
    response = login(city.officer).post("/api/tokens/", {"name": "  "})
    assert "此项必须填写" in response.content.decode() or "请填写令牌用途" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_audit_admin_refused_on_token_page(city, login):
    assert login(city.auditadmin).post("/api/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_token_page_requires_the_first_password_change(city, login):
    User.objects.filter(pk=city.officer.pk).update(must_change_password=True)
    client = login(User.objects.get(pk=city.officer.pk))
    response = client.post("/api/tokens/", {"name": "x"})
    assert response.status_code == 302 and response.url == "/accounts/password/"
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        ({"name": "x", "code": "X1", "kind": "nonsense"}, "类型不正确：nonsense"),
        ({"name": "x", "code": "X1", "level": "galaxy"}, "级别不正确：galaxy"),
        ({"name": " ", "code": "X1"}, "单位名称不能为空。"),
    ],
)
def test_bad_unit_input_is_refused_with_chinese_detail(city, payload, detail):
    response = api(city.sysadmin).post("/api/orgs/units", payload, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == detail
    assert not Unit.objects.filter(code="X1").exists()


def test_negative_order_and_unknown_role_refused(city):
    client = api(city.sysadmin)
    response = client.patch(f"/api/orgs/units/{city.township.pk}", {"order": -1}, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "排序应为非负整数。"
    response = client.post(
        "/api/orgs/people",
        {"username": "chef", "display_name": "厨师", "unit_id": city.township.pk, "roles": ["chef"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"] == "未知角色：chef"
    assert not User.objects.filter(username="chef").exists()
