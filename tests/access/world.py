"""A small world for the access matrix: one representative object of every kind, made through the
apps' real actions on top of the small test city, seen from accounts inside and outside its unit,
county and hub. Sensitive variants (机密, restricted 知悉范围) stand beside ordinary ones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xinbao.items import actions as item_actions
from xinbao.items.testing import make_submitted_item
from xinbao.orgs import actions as org_actions
from xinbao.orgs.models import AssessmentClass, OfficerAssignment
from xinbao.orgs.testing import SmallCity
from xinbao.publications import actions as pub_actions

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

# Every account of the small city, and nobody signed in.
ACCOUNTS = (
    "officer",
    "signer",
    "officer2",
    "signer2",
    "officer3",
    "dept_officer",
    "county_editor",
    "county_chief",
    "county_director",
    "county_gov_editor",
    "county2_editor",
    "city_editor",
    "city_chief",
    "city_director",
    "province_editor",
    "county_leader",
    "city_leader",
    "duty",
    "cppcc_member",
    "special_officer",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "anonymous",
)
ADMINS = frozenset({"sysadmin", "secadmin", "auditadmin"})
SIGNED_IN = frozenset(ACCOUNTS) - {"anonymous"}
BUSINESS = SIGNED_IN - ADMINS
COUNTY_STAFF = frozenset({"county_editor", "county_chief", "county_director"})
COUNTY_SENIORS = frozenset({"county_chief", "county_director"})
HUB_STAFF = (
    COUNTY_STAFF
    | {"county_gov_editor", "county2_editor", "city_editor", "city_chief", "city_director"}
    | {"province_editor"}
)
TOWNSHIP = frozenset({"officer", "signer"})


@dataclass
class World:
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(city: SmallCity) -> World:
    w = World()
    o = w.objects
    o["draft"] = item_actions.create_draft(city.officer, category="news", title="城关镇草稿", body="草稿正文")
    o["sub"] = make_submitted_item(city, title="城关镇报送的信息")
    o["item"] = o["sub"].item
    o["conf_sub"] = make_submitted_item(city, title="城关镇机密信息", classification="confidential")
    o["conf_item"] = o["conf_sub"].item
    o["restricted_sub"] = make_submitted_item(city, title="城关镇限定范围信息", readers="restricted")
    item = item_actions.create_draft(
        city.officer, category="news", title="带附件", body="正文", writer_name="王", writer_phone="123"
    )
    o["attachment"] = item_actions.add_attachment(city.officer, item, SimpleUploadedFile("附件.pdf", PDF))
    item_actions.submit(city.officer, item, [city.channels["party"]])
    item_actions.sign_off(city.signer, item)
    item_actions.adopt(city.county_editor, o["sub"])
    o["adoption"] = item_actions.record_external_adoption(
        city.county_editor,
        o["sub"],
        adopter_name="省委办公厅",
        level="province",
        adopted_on=timezone.localdate(),
        evidence=SimpleUploadedFile("采用证明.pdf", PDF),
    )
    o["outcome"] = item_actions.record_outcome(
        city.county_editor, o["sub"], kind="referred", on=timezone.localdate(), counterpart="县水利局"
    )
    o["version"] = o["item"].versions.order_by("number").first()
    # Publications: a periodical of the county hub, a published issue and a draft one.
    paper = pub_actions.create_periodical(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        name="清河信息",
        distribution={"issue_to": [city.township, city.township2], "report_to": [city.city_hub]},
    )
    o["periodical"] = paper
    issue = pub_actions.create_issue(city.county_editor, paper)
    pub_actions.add_entry(city.county_editor, issue, o["sub"])
    pub_actions.submit_issue(city.county_editor, issue)
    pub_actions.review_issue(city.county_chief, issue, approve=True)
    pub_actions.sign_issue(city.county_director, issue)
    pub_actions.publish_issue(city.county_editor, issue)
    o["issue"] = issue
    o["entry"] = issue.entries.get()
    draft_issue = pub_actions.create_issue(city.county_editor, paper)
    o["draft_entry"] = pub_actions.add_entry(city.county_editor, draft_issue, make_submitted_item(city, title="待编稿"))
    o["draft_issue"] = draft_issue
    # Instructions: a paper 批示 on the item with its scan, assigned to both townships; 新华镇 reported
    # and asked for more time.
    from xinbao.instructions import actions as instruction_actions

    today = timezone.localdate()
    instruction = instruction_actions.record_instruction(
        city.county_editor,
        text="请各镇对照排查。",
        item=o["item"],
        leader_name="王县长",
        leader_level="county",
        kind="action",
        scan=SimpleUploadedFile("批示原件.pdf", PDF),
    )
    o["instruction"] = instruction
    mine, theirs = instruction_actions.assign(
        city.county_editor, instruction, [city.township, city.township2], due_on=today + datetime.timedelta(days=7)
    )
    o["ins_assignment"] = mine
    o["feedback"] = instruction_actions.report(city.officer2, theirs, "已排查完毕。")
    o["extension"] = instruction_actions.request_extension(
        city.officer2, theirs, today + datetime.timedelta(days=14), "等待复核"
    )
    # Commissions: a commission of the county hub to both townships, answered by 城关镇 (a draft).
    from xinbao.commissions import actions as commission_actions

    o["commission"] = commission_actions.issue(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        title="经济运行亮点",
        due_at=timezone.now() + datetime.timedelta(days=7),
        units=[city.township, city.township2],
    )
    commission_actions.start_answer(city.officer, o["commission"], category="news", title="城关镇经济亮点")
    # Scoring: the county's rule set and a notice.
    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring.tests.factories import example

    o["rule_set"] = scoring_actions.create_rule_set(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        text=example("county_yearly.yaml"),
        valid_from=datetime.date(timezone.localdate().year, 1, 1),
    )
    from xinbao.scoring import notice_actions, periods

    period = periods.containing("year", timezone.localdate())
    notice = notice_actions.create_notice(city.county_editor, o["rule_set"], period)
    notice_actions.submit_notice(city.county_editor, notice)
    o["notice"] = notice_actions.approve_notice(city.county_chief, notice, publish=True)
    o["draft_notice"] = notice_actions.create_notice(
        city.county_editor, o["rule_set"], periods.containing("month", timezone.localdate())
    )
    # Scoring: a registered adopting body and a writer's attribute.
    from xinbao.scoring import register_actions

    o["adopting_body"] = register_actions.save_adopting_body(
        city.county_editor, name="江南省政府办公厅", level="province"
    )
    o["person_attribute"] = register_actions.add_person_attribute(city.county_editor, city.officer, name="省人大代表")
    # Notify: a webhook endpoint of the township and a delivery.
    from xinbao.notify import actions as notify_actions

    o["endpoint"] = notify_actions.save_endpoint(
        city.sysadmin, unit=city.township, name="城关镇机器人", url="http://127.0.0.1:9/hook"
    )
    from xinbao.notify.models import Delivery

    o["delivery"] = Delivery.objects.create(
        channel="webhook", address="http://127.0.0.1:9/hook", kind="t", text="x", state="failed"
    )
    from xinbao.insights import actions as insight_actions

    o["term"] = insight_actions.add_term(city.county_editor, city.county_hub, "dictionary", "一窗通办")
    # Orgs: an officer on the township's roster, an assessment class.
    o["assignment"] = org_actions.register_officer(
        None, unit=city.township, person=city.officer, start_date=datetime.date(2026, 1, 1)
    )
    o["klass"] = AssessmentClass.objects.create(name="一类")
    o["channel"] = city.channels["party"]
    o["township_unit"] = city.township
    o["township2_unit"] = city.township2  # no officer on its roster: a unit to urge (督促)
    o["county2_unit"] = city.county2
    o["officer_person"] = city.officer
    from xinbao.api import actions as api_actions

    o["token"] = api_actions.issue_token(city.officer, "对接")[0]
    assert OfficerAssignment.objects.filter(pk=o["assignment"].pk).exists()
    from .urgent_routes import build_urgent

    build_urgent(w, city)
    return w
