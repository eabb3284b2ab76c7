"""Who may read and write every route: the access matrix of tests/access/test_matrix.py.

Each ``Route`` names a URL pattern (or an API operation), builds its address from the world's
representative objects, lists the accounts that may read it (GET answers 200) and the accounts that
may write through it; everyone else must be refused and change nothing. A pattern with several
meanings (``items:action`` with sign/delete/…) has one row per meaning that matters.

Accounts are the small city's people (xinbao/orgs/testing.py): the township 城关镇 (officer, signer)
reports to the county party hub 清河县委办 (county_editor/chief/director, county_leader), which reports to
the city hub 江州市委办 (city_editor/chief/director, city_leader, duty, cppcc_member, special_officer, and
the three admin accounts); 新华镇 (officer2, signer2) is the county's other township; 白石县 (county2_editor,
officer3) is another county; county_gov_editor is the county's government hub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import ADMINS, BUSINESS, COUNTY_SENIORS, COUNTY_STAFF, HUB_STAFF, SIGNED_IN, TOWNSHIP, World

NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    name: str  # URL name ("items:detail") or API operation id
    area: str
    path: Callable[[World], str]
    readers: frozenset[str] | None  # accounts a GET answers 200; None: a write-only route
    writers: frozenset[str] = NOBODY  # accounts allowed to write (not checked further here)
    method: str = "GET"  # the write's method ("GET": no write check)
    payload: Callable[[World], Any] | None = None
    content_type: str = "application/x-www-form-urlencoded"
    label: str = ""

    def url(self, world: World) -> str:
        return self.path(world)

    def data(self, world: World) -> Any:
        return self.payload(world) if self.payload else {}


def page(
    name: str,
    readers: Iterable[str] | None,
    *args: Callable[[World], Any],
    writers: Iterable[str] = (),
    method: str = "GET",
    payload: Callable[[World], Any] | None = None,
    query_of: Callable[[World], str] | None = None,
) -> Route:
    """A page route; ``args`` build the URL's arguments from the world."""

    def path(w: World) -> str:
        return reverse(name, args=[a(w) for a in args]) + (query_of(w) if query_of else "")

    area = name.split(":")[0] if ":" in name else "core"
    return Route(
        name,
        area,
        path,
        None if readers is None else frozenset(readers),
        frozenset(writers),
        method,
        payload,
    )


def post(name: str, *args: Callable[[World], Any], writers: Iterable[str] = (), **kw: Any) -> Route:
    return page(name, None, *args, writers=writers, method="POST", **kw)


def api(
    operation: str,
    method: str,
    path: str,
    readers: Iterable[str] | None = None,
    *,
    writers: Iterable[str] = (),
    payload: Callable[[World], Any] | None = None,
    **params: Callable[[World], Any],
) -> Route:
    def build(w: World) -> str:
        return path.format(**{k: f(w) for k, f in params.items()})

    return Route(
        operation,
        "api",
        build,
        None if readers is None else frozenset(readers),
        frozenset(writers),
        method,
        payload,
        "application/json",
    )


def pk(name: str) -> Callable[[World], Any]:
    return lambda w: w.objects[name].pk


def const(value: Any) -> Callable[[World], Any]:
    return lambda w: value


def link_part(index: int) -> Callable[[World], Any]:
    """(uid, token) of a one-time set-password link, for an account the matrix never signs in as
    (signing in invalidates a person's outstanding link)."""

    def build(w: World) -> Any:
        from xinbao.orgs import actions
        from xinbao.orgs.models import User
        from xinbao.orgs.passwords import link_parts

        owner = User.objects.filter(username="link_owner").first()
        if owner is None:
            owner = actions.create_person(None, username="link_owner", display_name="链接本人", unit=None)[0]
        return link_parts(owner)[index]

    return build


ALL_ROUTES: list[Route] = []


# --- Discovery: every pattern and operation must have a row ------------------------------------------

IGNORED_PATTERNS = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def url_patterns() -> set[str]:
    names: set[str] = set()

    def walk(patterns: Iterable[Any], ns: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{ns}:{p.name}" if ns else p.name)

    walk(get_resolver().url_patterns, None)
    return {n for n in names if not n.startswith("api:") or n in IGNORED_PATTERNS or n.startswith("api:") is False}


def api_operations() -> set[str]:
    from xinbao.api.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    return {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}


def missing_routes(patterns: set[str], operations: set[str]) -> list[str]:
    listed = {r.name for r in ALL_ROUTES}
    pages = {p for p in patterns if not p.startswith("api:") and p not in IGNORED_PATTERNS}
    return sorted((pages | operations) - listed)


_unused = (field, ADMINS, BUSINESS, COUNTY_SENIORS, COUNTY_STAFF, SIGNED_IN, TOWNSHIP)


# --- The table ---------------------------------------------------------------------------------------
# Who reads the world's objects (see world.py): the published 内部 issue of the county hub went to both
# townships and (报) the city hub, whose business people all read it.
COUNTY_READERS = COUNTY_STAFF | {"county_leader"}
CITY_HUB_PEOPLE = frozenset(
    {"city_editor", "city_chief", "city_director", "city_leader", "duty", "cppcc_member", "special_officer"}
)
ISSUE_READERS = COUNTY_READERS | TOWNSHIP | {"officer2", "signer2"} | CITY_HUB_PEOPLE
ITEM_OPENERS = TOWNSHIP | COUNTY_STAFF  # the unit and the hub it reached
CONF_OPENERS = TOWNSHIP | COUNTY_SENIORS  # 机密: the author, the unit's signer, the hub's chief and director
WRITERS = frozenset({"officer", "officer2", "officer3", "dept_officer", "cppcc_member", "special_officer"})
SIGNERS = frozenset({"signer", "signer2"})
# 承办单位的人: a unit's signers and officers (they accept, report and ask for more time).
HANDLERS = frozenset({"officer", "officer2", "officer3", "dept_officer", "signer", "signer2"})
ASSESSED_BY_COUNTY = COUNTY_READERS | TOWNSHIP | {"officer2", "signer2", "county_gov_editor"}
HUB_OVERVIEW = HUB_STAFF | {"county_leader", "city_leader"}  # dashboards: hub staff and the hub's leaders
NOTICE_READERS = COUNTY_READERS | TOWNSHIP | {"officer2", "signer2"}
# The township as an organisation (its page, roster, 六有): its own people, the hubs it reports to, and the
# system and security admins who maintain units and people.
UNIT_VIEWERS = TOWNSHIP | COUNTY_READERS | {"county_gov_editor", "sysadmin", "secadmin"}
PEOPLE_READERS = HUB_STAFF | {"sysadmin", "secadmin"}
ACCOUNT_ADMINS = frozenset({"sysadmin", "secadmin"})
# 信息员备案 of the township: the system admin and the information sections it reports to.
ROSTER_KEEPERS = COUNTY_STAFF | {"county_gov_editor", "sysadmin"}
API_USERS = SIGNED_IN - {"auditadmin", "county_leader", "city_leader", "duty"}  # settings.XINBAO_API_ROLES

ALL_ROUTES += [
    page("home", SIGNED_IN),
    page("login", {"anonymous"}),
    post("logout", writers=SIGNED_IN),
    page("password_change", SIGNED_IN, writers=SIGNED_IN),
    post("set_language", writers=SIGNED_IN | {"anonymous"}),
    # orgs
    page("orgs:unit_list", SIGNED_IN - {"auditadmin"}),  # each sees their own units
    page("orgs:unit_create", {"sysadmin"}, writers={"sysadmin"}, method="POST"),
    page("orgs:unit_detail", UNIT_VIEWERS, pk("township_unit")),
    page("orgs:unit_edit", {"sysadmin"}, pk("township_unit"), writers={"sysadmin"}, method="POST"),
    page("orgs:unit_move", {"sysadmin"}, pk("township_unit"), writers={"sysadmin"}, method="POST"),
    page("orgs:unit_delete", {"sysadmin"}, pk("township_unit"), writers={"sysadmin"}, method="POST"),
    post("orgs:unit_restore", pk("township_unit"), writers={"sysadmin"}),
    page("orgs:unit_channel", {"sysadmin"}, pk("township_unit"), writers={"sysadmin"}, method="POST"),
    post("orgs:unit_leave_channel", pk("township_unit"), pk("channel"), writers={"sysadmin"}),
    page("orgs:officer_register", ROSTER_KEEPERS, pk("township_unit"), writers=ROSTER_KEEPERS, method="POST"),
    post("orgs:officer_end", pk("assignment"), writers=ROSTER_KEEPERS),
    page("orgs:classes", {"sysadmin"}, writers={"sysadmin"}, method="POST"),
    page("orgs:class_edit", {"sysadmin"}, pk("klass"), writers={"sysadmin"}, method="POST"),
    page("orgs:vacancies", HUB_STAFF | {"sysadmin"}),
    page("orgs:roster", HUB_STAFF),
    page("orgs:roster_xlsx", HUB_STAFF),
    post("orgs:roster_urge", pk("township2_unit"), writers=COUNTY_STAFF | {"county_gov_editor"}),
    page("orgs:people_list", PEOPLE_READERS),
    page("orgs:person_create", {"sysadmin"}, writers={"sysadmin"}, method="POST"),
    page("orgs:person_detail", ACCOUNT_ADMINS, pk("officer_person")),
    page("orgs:person_edit", {"sysadmin"}, pk("officer_person"), writers={"sysadmin"}, method="POST"),
    post("orgs:person_deactivate", pk("officer_person"), writers={"sysadmin"}),
    post("orgs:person_reactivate", pk("officer_person"), writers={"sysadmin"}),
    post("orgs:person_unlock", pk("officer_person"), writers={"secadmin"}),
    page("orgs:person_reset_password", ACCOUNT_ADMINS, pk("officer_person"), writers={"secadmin"}, method="POST"),
    post("orgs:person_grant_role", pk("officer_person"), writers={"secadmin"}, payload=const({"role": "signer"})),
    post("orgs:person_revoke_role", pk("officer_person"), writers={"secadmin"}, payload=const({"role": "officer"})),
    page("orgs:export_units", {"sysadmin"}),
    page("orgs:export_people", {"sysadmin"}),
    page("orgs:import", {"sysadmin"}, const("units"), writers={"sysadmin"}, method="POST"),
    page("orgs:import_template", {"sysadmin"}, const("units")),
    # The owner's one-time set-password link: only in a browser where nobody is signed in.
    page("orgs:set_password", {"anonymous"}, link_part(0), link_part(1), writers={"anonymous"}, method="POST"),
    post(
        "orgs:initial_letters",
        writers={"sysadmin", "secadmin"},
        payload=lambda w: {"person": [w.objects["officer_person"].pk]},
    ),
    # audit
    page("audit:log", {"auditadmin"}),
    page("audit:export", {"auditadmin"}),
    # notify
    page("notify:inbox", SIGNED_IN - {"auditadmin"}),
    post("notify:mark_read", writers=SIGNED_IN),
    page("notify:channels", {"sysadmin"}),
    page("notify:endpoint_new", {"sysadmin"}, writers={"sysadmin"}, method="POST"),
    page("notify:endpoint_edit", {"sysadmin"}, pk("endpoint"), writers={"sysadmin"}, method="POST"),
    post("notify:endpoint_delete", pk("endpoint"), writers={"sysadmin"}),
    post("notify:delivery_retry", pk("delivery"), writers={"sysadmin"}),
    # items
    page("items:mine", BUSINESS),
    page("items:new", WRITERS, writers=WRITERS, method="POST"),
    page("items:guide", BUSINESS),
    post("items:autosave_new", writers={"officer"}),
    page("items:signoff", SIGNERS),
    post(
        "items:bulk",
        const("reserve"),
        writers=COUNTY_STAFF,
        payload=lambda w: {"sub": [w.sub.pk, w.conf_sub.pk, w.restricted_sub.pk]},
    ),
    page("items:queue", HUB_STAFF),
    # 转报审批 rule: each hub's chief or director, for their own hub
    post("items:forward_setting", writers=COUNTY_SENIORS | {"city_chief", "city_director"}),
    page("items:merge", NOBODY),
    page("items:detail", ITEM_OPENERS, pk("item")),
    page("items:detail", CONF_OPENERS, pk("conf_item")),
    page("items:detail", TOWNSHIP, pk("draft")),
    page("items:edit", {"officer"}, pk("draft"), writers={"officer"}, method="POST"),
    post("items:autosave", pk("draft"), writers={"officer"}),
    page("items:compare", ITEM_OPENERS, pk("item")),
    page("items:version", ITEM_OPENERS, pk("item"), const(1)),
    post("items:action", pk("draft"), const("delete"), writers={"officer"}),
    post("items:action", pk("draft"), const("sign"), writers={"signer"}),
    page("items:attachment", ITEM_OPENERS, pk("attachment")),
    post("items:remove_attachment", pk("attachment"), writers={"officer"}),
    page("items:evidence", ITEM_OPENERS, pk("adoption")),
    page("items:submission", ITEM_OPENERS, pk("sub")),
    page("items:submission", CONF_OPENERS, pk("conf_sub")),
    page("items:submission_edit", COUNTY_STAFF, pk("sub"), writers=COUNTY_STAFF, method="POST"),
    post("items:resubmit", pk("sub"), writers={"officer"}),
    page("items:external_adoption", COUNTY_STAFF, pk("sub"), writers=COUNTY_STAFF, method="POST"),
    page(
        "items:direct_adoption", {"signer"} | COUNTY_STAFF, pk("item"), writers={"signer"} | COUNTY_STAFF, method="POST"
    ),
    page("items:record_outcome", COUNTY_STAFF, pk("sub"), writers=COUNTY_STAFF, method="POST"),
    post("items:withdraw_outcome", pk("outcome"), writers=COUNTY_STAFF, payload=const({"reason": "登记有误"})),
    post("items:decide", pk("restricted_sub"), const("adopt"), writers=COUNTY_SENIORS),
    post("items:decide", pk("conf_sub"), const("reject"), writers=COUNTY_SENIORS, payload=const({"reason": "x"})),
    post("items:decide", pk("sub"), const("request_forward"), writers=COUNTY_STAFF),
    # instructions
    page(
        "instructions:new",
        COUNTY_READERS | (CITY_HUB_PEOPLE - {"duty", "cppcc_member", "special_officer"}),
        query_of=lambda w: f"?issue={w.issue.pk}",
    ),
    page("instructions:index", HUB_OVERVIEW),
    page("instructions:stats", HUB_OVERVIEW),
    page("instructions:stats_chart", HUB_OVERVIEW),
    page("instructions:review_docx", HUB_OVERVIEW),
    page("instructions:due", HUB_OVERVIEW | HANDLERS),
    page("instructions:tasks", HUB_STAFF | HANDLERS),
    page(
        "instructions:plan",
        HUB_OVERVIEW,
        writers=COUNTY_SENIORS | {"city_chief", "city_director"},
        method="POST",
        payload=const({"remind_before": "3、0", "chase_after": "1、3", "chief_after": "3", "director_after": "7"}),
    ),
    page("instructions:detail", COUNTY_READERS | TOWNSHIP | {"officer2", "signer2"}, pk("instruction")),
    page("instructions:scan", COUNTY_READERS, pk("instruction")),
    post(
        "instructions:assign",
        pk("instruction"),
        writers=COUNTY_STAFF,
        payload=lambda w: {"units": [w.township_unit.pk], "due_on": "2099-01-01"},
    ),
    post("instructions:close", pk("instruction"), writers=COUNTY_STAFF, payload=const({"outcome": "已办结"})),
    post("instructions:confirm", pk("instruction"), writers=COUNTY_SENIORS),
    post("instructions:accept", pk("ins_assignment"), writers=TOWNSHIP),
    post("instructions:report", pk("ins_assignment"), writers=TOWNSHIP, payload=const({"text": "已落实"})),
    post(
        "instructions:extension",
        pk("ins_assignment"),
        writers=TOWNSHIP,
        payload=const({"until": "2099-01-01", "reason": "等待"}),
    ),
    post("instructions:withdraw", pk("ins_assignment"), writers=COUNTY_STAFF, payload=const({"reason": "交办错了"})),
    post("instructions:review", pk("feedback"), writers=COUNTY_STAFF, payload=const({"decision": "accepted"})),
    post("instructions:decide_extension", pk("extension"), writers=COUNTY_SENIORS, payload=const({"approve": "yes"})),
    # 社情民意办理: only the CPPCC office, for an adopted opinion; the world's item is a party-channel one, so
    # nobody may send it (the CPPCC cases are checked in xinbao/instructions/tests/test_opinions.py).
    page("instructions:opinion_new", NOBODY, pk("sub"), method="POST", payload=const({"expectation": "x"})),
    post("instructions:rate", pk("feedback"), payload=const({"rating": "satisfied"})),
    page("instructions:for_issue", ISSUE_READERS, pk("issue")),
    # commissions
    page("commissions:index", HUB_OVERVIEW),
    page("commissions:new", HUB_STAFF, writers=COUNTY_STAFF, method="POST", payload=const({"title": "x"})),
    page("commissions:mine", BUSINESS),
    page("commissions:detail", COUNTY_READERS | TOWNSHIP | {"officer2", "signer2"}, pk("commission")),
    post("commissions:cancel", pk("commission"), writers=COUNTY_STAFF, payload=const({"reason": "重复"})),
    page(
        "commissions:answer",
        {"officer", "officer2"},
        pk("commission"),
        writers={"officer", "officer2"},
        method="POST",
        payload=const({"category": "news", "title": "答约稿", "body": "正文"}),
    ),
    page("instructions:for_item", ITEM_OPENERS, pk("item")),
    # publications
    page("publications:issue_list", HUB_STAFF),
    page("publications:periodical_list", HUB_STAFF),
    page("publications:periodical_new", HUB_STAFF, writers=COUNTY_STAFF, method="POST"),
    page("publications:periodical_edit", COUNTY_STAFF, pk("periodical"), writers=COUNTY_STAFF, method="POST"),
    post("publications:periodical_close", pk("periodical"), writers=COUNTY_SENIORS),
    post("publications:issue_create", pk("periodical"), writers=COUNTY_STAFF),
    page("publications:issue_detail", ISSUE_READERS, pk("issue")),
    page("publications:issue_detail", COUNTY_STAFF, pk("draft_issue")),
    post("publications:issue_update", pk("draft_issue"), writers=COUNTY_STAFF),
    page("publications:issue_preview", ISSUE_READERS, pk("issue")),
    post("publications:entry_add", pk("draft_issue"), writers=COUNTY_STAFF),
    post(
        "publications:entries_add",
        writers=COUNTY_STAFF,
        payload=lambda w: {"issue": w.draft_issue.pk, "sub": [w.conf_sub.pk]},
    ),
    post(
        "publications:entries_reorder",
        pk("draft_issue"),
        writers=COUNTY_STAFF,
        payload=lambda w: {"order": str(w.draft_entry.pk)},
    ),
    post("publications:entry_move", pk("draft_issue"), pk("draft_entry"), writers=COUNTY_STAFF),
    post("publications:entry_remove", pk("draft_issue"), pk("draft_entry"), writers=COUNTY_STAFF),
    page(
        "publications:entry_edit",
        COUNTY_STAFF,
        pk("draft_issue"),
        pk("draft_entry"),
        writers=COUNTY_STAFF,
        method="POST",
    ),
    post("publications:issue_transition", pk("draft_issue"), const("delete"), writers=COUNTY_STAFF),
    post("publications:issue_transition", pk("issue"), const("read"), writers=SIGNED_IN),
    page("publications:issue_download", ISSUE_READERS, pk("issue"), const("docx")),
    page("publications:archive", BUSINESS),
    page("publications:reading_list", BUSINESS),
    # scoring
    page("scoring:index", BUSINESS),
    page("scoring:rule_set_new", HUB_STAFF, writers=COUNTY_STAFF, method="POST"),
    page("scoring:rule_set", ASSESSED_BY_COUNTY, pk("rule_set"), writers=COUNTY_STAFF, method="POST"),
    page("scoring:my_record", WRITERS),
    page("scoring:my_record_docx", WRITERS),
    page("scoring:rule_set_form_new", HUB_STAFF, writers=COUNTY_STAFF, method="POST"),
    page("scoring:rule_set_form", COUNTY_STAFF, pk("rule_set"), writers=COUNTY_STAFF, method="POST"),
    page("scoring:version_download", ASSESSED_BY_COUNTY, pk("rule_set"), const(1)),
    post("scoring:delete", pk("rule_set"), writers=COUNTY_STAFF),
    post("scoring:recompute", pk("rule_set"), writers=COUNTY_STAFF),
    post("scoring:activate", pk("rule_set"), const(1), writers=COUNTY_STAFF),
    page("scoring:preview", COUNTY_STAFF, pk("rule_set"), const(1)),
    post("scoring:apply", pk("rule_set"), const(1), writers=COUNTY_STAFF),
    page("scoring:rankings", ASSESSED_BY_COUNTY, pk("rule_set")),
    page("scoring:unit_ledger", COUNTY_READERS | TOWNSHIP, pk("rule_set"), pk("township_unit")),
    page("scoring:bodies", HUB_STAFF, writers=HUB_STAFF, method="POST"),
    page("scoring:body_edit", HUB_STAFF, pk("adopting_body"), writers=HUB_STAFF, method="POST"),
    post("scoring:body_delete", pk("adopting_body"), writers=HUB_STAFF),
    post("scoring:attribute_add", writers=HUB_STAFF),
    post("scoring:attribute_remove", pk("person_attribute"), writers=HUB_STAFF - {"county2_editor"}),
    page("scoring:writer_ledger", COUNTY_READERS | {"officer"}, pk("rule_set"), pk("officer_person")),
    post("scoring:entry_add", pk("rule_set"), pk("township_unit"), writers=COUNTY_STAFF),
    post("scoring:entry_cancel", pk("rule_set"), const(1), writers=COUNTY_STAFF),
    page("scoring:notices", BUSINESS),
    post("scoring:notice_generate", writers=COUNTY_STAFF),
    page("scoring:notice", NOTICE_READERS, pk("notice")),
    page("scoring:notice_edit", COUNTY_STAFF, pk("draft_notice"), writers=COUNTY_STAFF, method="POST"),
    post("scoring:notice_transition", pk("draft_notice"), const("submit"), writers=COUNTY_STAFF),
    post(
        "scoring:notice_transition",
        pk("notice"),
        const("withdraw"),
        writers=COUNTY_SENIORS,
        payload=const({"reason": "撤回"}),
    ),
    post("scoring:notice_transition", pk("notice"), const("read"), writers=NOTICE_READERS),
    page("scoring:notice_download", NOTICE_READERS, pk("notice")),
    # insights
    page("insights:dashboard", HUB_OVERVIEW),
    page("insights:leader", HUB_OVERVIEW),
    page("insights:chart_json", HUB_OVERVIEW, const("monthly")),
    page("insights:chart_xlsx", HUB_OVERVIEW, const("monthly")),
    page("insights:chart_table", HUB_OVERVIEW, const("monthly")),
    page("insights:similar", BUSINESS),
    page(
        "insights:compare",
        NOBODY,  # not similar: nobody gets a comparison
        pk("item"),
        pk("conf_item"),
    ),
    page("insights:search", BUSINESS, query_of=lambda w: "?q=城关镇"),
    page("insights:terms", HUB_STAFF),
    post("insights:term_add", writers=COUNTY_STAFF, payload=const({"term": "一窗通办"})),
    post("insights:term_remove", pk("term"), writers=COUNTY_STAFF),
    post("insights:settings", writers=COUNTY_STAFF),
    page("insights:alerts", BUSINESS),
    # api tokens
    page("api_tokens", API_USERS, writers=API_USERS, method="POST", payload=const({"name": "对接"})),
    post("api_token_revoke", pk("token"), writers={"officer"}),
    # the API
    api("xinbao_orgs_api_list_units", "GET", "/api/orgs/units", SIGNED_IN - {"auditadmin"}),
    api(
        "xinbao_orgs_api_create_unit",
        "POST",
        "/api/orgs/units",
        writers={"sysadmin"},
        payload=const({"name": "新单位", "code": "NEW-1"}),
    ),
    api("xinbao_orgs_api_get_unit", "GET", "/api/orgs/units/{u}", UNIT_VIEWERS, u=pk("township_unit")),
    api(
        "xinbao_orgs_api_update_unit",
        "PATCH",
        "/api/orgs/units/{u}",
        writers={"sysadmin"},
        payload=const({"name": "改名"}),
        u=pk("township_unit"),
    ),
    api("xinbao_orgs_api_delete_unit", "DELETE", "/api/orgs/units/{u}", writers={"sysadmin"}, u=pk("township_unit")),
    api(
        "xinbao_orgs_api_move_unit",
        "POST",
        "/api/orgs/units/{u}/move",
        writers={"sysadmin"},
        payload=lambda w: {"parent_id": w.county2_unit.pk},
        u=pk("township_unit"),
    ),
    api("xinbao_orgs_api_list_people", "GET", "/api/orgs/people", PEOPLE_READERS),
    api(
        "xinbao_orgs_api_create_person",
        "POST",
        "/api/orgs/people",
        writers={"sysadmin"},
        payload=lambda w: {"username": "zhang", "display_name": "张三", "unit_id": w.township_unit.pk},
    ),
    api("xinbao_orgs_api_get_person", "GET", "/api/orgs/people/{p}", ACCOUNT_ADMINS, p=pk("officer_person")),
    api(
        "xinbao_orgs_api_grant_role",
        "POST",
        "/api/orgs/people/{p}/roles",
        writers={"secadmin"},
        payload=const({"role": "signer"}),
        p=pk("officer_person"),
    ),
    api(
        "xinbao_orgs_api_revoke_role",
        "DELETE",
        "/api/orgs/people/{p}/roles/officer",
        writers={"secadmin"},
        p=pk("officer_person"),
    ),
    api("xinbao_items_api_list_items", "GET", "/api/items/items", BUSINESS),
    api(
        "xinbao_items_api_create_item",
        "POST",
        "/api/items/items",
        writers=TOWNSHIP | {"officer2", "officer3"} | {"dept_officer", "cppcc_member", "special_officer"},
        payload=const({"category": "news", "title": "接口起草"}),
    ),
    api("xinbao_items_api_get_item", "GET", "/api/items/items/{i}", ITEM_OPENERS, i=pk("item")),
    api(
        "xinbao_items_api_update_item",
        "PATCH",
        "/api/items/items/{i}",
        writers={"officer"},
        payload=const({"title": "改"}),
        i=pk("draft"),
    ),
    api("xinbao_items_api_delete_item", "DELETE", "/api/items/items/{i}", writers={"officer"}, i=pk("draft")),
    api(
        "xinbao_items_api_submit_item",
        "POST",
        "/api/items/items/{i}/submit",
        writers={"officer"},
        payload=const({"channels": ["party"]}),
        i=pk("draft"),
    ),
    api("xinbao_items_api_recall_item", "POST", "/api/items/items/{i}/recall", writers={"officer"}, i=pk("draft")),
    api("xinbao_items_api_sign_item", "POST", "/api/items/items/{i}/sign", writers={"signer"}, i=pk("draft")),
    api(
        "xinbao_items_api_return_signoff",
        "POST",
        "/api/items/items/{i}/return-signoff",
        writers={"signer"},
        payload=const({"reason": "x"}),
        i=pk("draft"),
    ),
    api(
        "xinbao_items_api_withdraw_item",
        "POST",
        "/api/items/items/{i}/withdraw",
        writers=TOWNSHIP,
        payload=const({"reason": "x"}),
        i=pk("conf_item"),
    ),
    api(
        "xinbao_items_api_resubmit_item",
        "POST",
        "/api/items/items/{i}/resubmit",
        writers={"officer"},
        i=pk("item"),
    ),
    api("xinbao_items_api_reopen_item", "POST", "/api/items/items/{i}/reopen", writers={"officer"}, i=pk("draft")),
    api("xinbao_items_api_item_versions", "GET", "/api/items/items/{i}/versions", ITEM_OPENERS, i=pk("item")),
    api("xinbao_items_api_item_route", "GET", "/api/items/items/{i}/route", ITEM_OPENERS, i=pk("item")),
    api("xinbao_items_api_item_adoptions", "GET", "/api/items/items/{i}/adoptions", ITEM_OPENERS, i=pk("item")),
    api("xinbao_items_api_queue", "GET", "/api/items/queue", BUSINESS),
    api("xinbao_items_api_queue_counts", "GET", "/api/items/queue/counts", BUSINESS),
    api("xinbao_items_api_get_submission", "GET", "/api/items/submissions/{s}", CONF_OPENERS, s=pk("conf_sub")),
    api("xinbao_items_api_adopt", "POST", "/api/items/submissions/{s}/adopt", writers=COUNTY_SENIORS, s=pk("conf_sub")),
    api(
        "xinbao_items_api_return_submission",
        "POST",
        "/api/items/submissions/{s}/return",
        writers=COUNTY_SENIORS,
        payload=const({"reason": "x"}),
        s=pk("restricted_sub"),
    ),
    api(
        "xinbao_items_api_reject",
        "POST",
        "/api/items/submissions/{s}/reject",
        writers=COUNTY_SENIORS,
        payload=const({"reason": "x"}),
        s=pk("restricted_sub"),
    ),
    api(
        "xinbao_items_api_reserve",
        "POST",
        "/api/items/submissions/{s}/reserve",
        writers=COUNTY_SENIORS,
        s=pk("restricted_sub"),
    ),
    api("xinbao_items_api_resubmit", "POST", "/api/items/submissions/{s}/resubmit", writers={"officer"}, s=pk("sub")),
    api(
        "xinbao_items_api_edit",
        "POST",
        "/api/items/submissions/{s}/edit",
        writers=COUNTY_SENIORS,
        payload=const({"title": "改", "body": "改"}),
        s=pk("conf_sub"),
    ),
    api("xinbao_items_api_forward", "POST", "/api/items/submissions/{s}/forward", writers=COUNTY_STAFF, s=pk("sub")),
    api(
        "xinbao_items_api_merge",
        "POST",
        "/api/items/merge",
        writers=COUNTY_SENIORS,
        payload=lambda w: {"submission_ids": [w.conf_sub.pk, w.restricted_sub.pk], "title": "综合", "body": "综合"},
    ),
    api(
        "xinbao_insights_api_similar",
        "POST",
        "/api/insights/similar",
        writers=BUSINESS,
        payload=const({"title": "城关镇", "body": "一窗通办"}),
    ),
    api(
        "xinbao_insights_api_suggest_labels",
        "POST",
        "/api/insights/suggest",
        writers=BUSINESS,
        payload=const({"title": "城关镇", "body": "一窗通办"}),
    ),
    api("xinbao_publications_api_periodicals", "GET", "/api/publications/periodicals", BUSINESS),
    api("xinbao_publications_api_issues", "GET", "/api/publications/issues", BUSINESS),
    api("xinbao_publications_api_issue_detail", "GET", "/api/publications/issues/{i}", ISSUE_READERS, i=pk("issue")),
    api("xinbao_publications_api_issue_docx", "GET", "/api/publications/issues/{i}/docx", ISSUE_READERS, i=pk("issue")),
    api("xinbao_scoring_api_list_rule_sets", "GET", "/api/scoring/rule-sets", BUSINESS),
    api(
        "xinbao_scoring_api_save_version",
        "POST",
        "/api/scoring/rule-sets/{r}/versions",
        writers=COUNTY_STAFF,
        payload=const({"text": "name: x\nperiod: year\n"}),
        r=pk("rule_set"),
    ),
    api(
        "xinbao_scoring_api_rankings",
        "GET",
        "/api/scoring/rule-sets/{r}/rankings?period=2026",
        ASSESSED_BY_COUNTY,
        r=pk("rule_set"),
    ),
    api(
        "xinbao_scoring_api_unit_entries",
        "GET",
        "/api/scoring/rule-sets/{r}/units/{u}/entries?period=2026",
        COUNTY_READERS | TOWNSHIP,
        r=pk("rule_set"),
        u=pk("township_unit"),
    ),
]

# urgent: its rows live beside its world objects (tests/access/urgent_routes.py)
from .urgent_routes import URGENT_ROUTES  # noqa: E402

ALL_ROUTES += URGENT_ROUTES
