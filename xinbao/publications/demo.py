"""Demo content: periodicals of the city and of 清河县, two published issues and one waiting for
sign-off, built through the real actions (after the items demo, when there is one)."""

from __future__ import annotations

from typing import Any

from xinbao.items import actions as items_actions
from xinbao.items import queries as items_queries
from xinbao.items.models import Category, Submission
from xinbao.orgs.models import Channel

from . import actions

STORIES = [
    (
        "城关镇推行“一窗通办”群众办事时间缩短一半",
        "今年以来，城关镇推行“一窗通办”改革，将46项涉企涉民事项整合到一个窗口受理。\n"
        "一是流程再造。梳理事项清单，取消重复材料23项，群众办事平均时间由40分钟缩短到20分钟。\n"
        "二是帮办代办。组建12人帮办队伍，为老年人、残疾人提供上门服务，已办理事项310件。",
    ),
    (
        "新华镇秋粮收购进度过半 农户售粮款当日到账",
        "截至10月底，新华镇已收购秋粮1.8万吨，占预计收购量的56%。镇里设立4个流动收购点，"
        "推行“预约售粮、当日结算”，农户售粮款当天到账。\n目前仍有部分农户因烘干能力不足惜售，建议加快烘干设施建设。",
    ),
    (
        "桥头镇排查山洪灾害隐患点17处 已整改12处",
        "入汛以来，桥头镇组织力量对辖区河道、山塘、地质灾害点开展拉网式排查，共排查隐患点17处，已整改12处，"
        "其余5处落实专人监测。\n存在的问题：部分山塘年久失修，整改资金缺口约80万元。",
    ),
    (
        "关于农村寄递物流“最后一公里”的情况反映",
        "据群众反映，部分偏远村组快递只送到镇上，村民取件需往返10余公里。"
        "建议整合邮政、供销网点，建设村级寄递物流综合服务站。",
    ),
]


def _submissions(city: Any, county_code: str, editor: Any) -> list[Submission]:
    """Adoptable submissions at the county hub; written and submitted here when the items demo made none."""
    existing = list(items_queries.adoptable_submissions(editor)[: len(STORIES)])
    if len(existing) >= 3:
        return existing
    party = Channel.objects.get(code="party")
    subs = []
    for n, (title, body) in enumerate(STORIES, start=1):
        officer = city.people[f"{county_code.lower()}t{n:02d}_xxy"]
        signer = city.people[f"{county_code.lower()}t{n:02d}_qf"]
        item = items_actions.create_draft(
            officer,
            category=Category.PROBLEM if "问题" in body else Category.NEWS,
            title=title,
            body=body,
            writer_name=officer.display_name,
            writer_phone=officer.phone or "0571-88886666",
        )
        items_actions.submit(officer, item, [party])
        subs += [s for s in items_actions.sign_off(signer, item) if s.channel_id == party.pk]
    return subs


def _sign(issue: Any, chief: Any, director: Any, editor: Any) -> Any:
    actions.submit_issue(editor, issue)
    actions.review_issue(chief, issue, approve=True)
    return actions.sign_issue(director, issue)


def extend_demo(city: Any) -> None:
    county_code = "c1"
    hub = city.hubs["party:JZ-C1-SW"]
    people = city.people
    editor, chief, director = people["c1_bianji"], people["c1_kezhang"], people["c1_zhuren"]
    party = Channel.objects.get(code="party")
    townships = [people[f"c1t{n:02d}_xxy"].unit for n in range(1, 6)]
    paper = actions.create_periodical(
        editor,
        hub=hub,
        channel=party,
        name=f"{city.counties[0].name.removesuffix('县')}信息",
        running_total=True,
        total_base=412,
        copies=80,
        distribution={
            "report_to": [city.hubs["party:JZ-SW"]],
            "send_to": [city.hubs["gov:JZ-C1-ZF"]] if "gov:JZ-C1-ZF" in city.hubs else [],
            "issue_to": townships,
        },
    )
    actions.create_periodical(editor, hub=hub, channel=party, name="清河要情", kind="special", copies=20)
    city_editor = people["shi_bianji"]
    actions.create_periodical(
        city_editor, hub=city.hubs["party:JZ-SW"], channel=party, name="江州信息", running_total=True, total_base=1030
    )
    actions.create_periodical(city_editor, hub=city.hubs["party:JZ-SW"], channel=party, name="每日要情")

    subs = _submissions(city, county_code, editor)
    first = actions.create_issue(editor, paper)
    actions.update_issue(editor, first, editor_note="“一窗通办”改革切口小、见效快，各乡镇可结合实际借鉴。")
    for sub in subs[:2]:
        actions.add_entry(editor, first, sub, adopt_now=True)
    actions.publish_issue(editor, _sign(first, chief, director, editor))
    second = actions.create_issue(editor, paper)
    actions.add_entry(editor, second, subs[2], adopt_now=True)
    actions.publish_issue(editor, _sign(second, chief, director, editor))
    waiting = actions.create_issue(editor, paper)
    for sub in subs[3:4]:
        actions.add_entry(editor, waiting, sub, adopt_now=True)
    actions.submit_issue(editor, waiting)  # 待核签 on the chief's home page
