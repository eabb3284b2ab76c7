"""Demo items for the demo city: believable items in every state, written through the real actions
(drafted by township and department officers, signed by their signers, screened by the county hub,
some forwarded to and adopted by the city hub)."""

from __future__ import annotations

from typing import Any

from xinbao.orgs.models import Channel

from . import actions
from .models import Category

# (category, tone, title, body, what happens: draft|pending|pending_hub|adopt|forward|city_adopt|return|reject|reserve)
STORIES: list[tuple[str, str, str, str, str]] = [
    (
        "news",
        "good",
        "城关镇“一窗通办”让群众办事时间缩短一半",
        "今年以来，城关镇推行“一窗受理、集成服务”改革，将28个部门事项集中到便民服务中心统一受理。\n"
        "群众平均办事时间由40分钟缩短到20分钟，前三季度共办件1.2万件，满意率达98.6%。",
        "city_adopt",
    ),
    (
        "problem",
        "bad",
        "部分村饮水存在季节性短缺问题亟待解决",
        "一、基本情况：入夏以来，全镇有6个村、约3200人出现间歇性供水不足。\n"
        "二、原因分析：水源工程建设年代久，蓄水能力不足；管网老化，漏损率约30%。\n"
        "三、对策建议：建议将上述村纳入农村供水保障工程，统筹资金实施管网改造。",
        "forward",
    ),
    (
        "experience",
        "good",
        "新华镇“党建+网格”推动矛盾纠纷就地化解",
        "新华镇将全镇划分为46个网格，每个网格配备1名网格员和1名党员中心户。\n"
        "做法：一是建立“一日一巡、一周一会”制度；二是推行矛盾纠纷分级处置；三是落实跟踪回访。\n"
        "成效：今年矛盾纠纷就地化解率达96%，信访量同比下降37%。",
        "adopt",
    ),
    (
        "opinion",
        "bad",
        "群众反映农村寄递物流“最后一公里”不畅",
        "据群众反映，部分偏远村组快递只送到镇上，村民取件需往返10余公里，老年人尤为不便。\n"
        "建议整合邮政、供销网点，建设村级寄递物流综合服务站。",
        "adopt",
    ),
    (
        "economy",
        "neutral",
        "前三季度全镇规上工业产值同比增长8.2%",
        "前三季度，全镇规上工业企业完成产值18.6亿元，同比增长8.2%，高于全县平均1.3个百分点。\n"
        "其中新材料产业增长15.4%。需关注：部分企业订单不足，四季度增速可能放缓。",
        "pending_hub",
    ),
    (
        "news",
        "neutral",
        "石桥镇召开秋冬季森林防火工作会议",
        "10月18日，石桥镇召开秋冬季森林防火工作会议，部署防火责任落实、隐患排查等工作。",
        "reject",
    ),
    (
        "problem",
        "bad",
        "农村低保动态管理存在“重进轻出”现象",
        "调查发现，部分村对低保对象家庭收入变化掌握不及时，退出机制执行不到位。\n"
        "原因：核查手段有限，村干部有畏难情绪。建议：建立部门数据比对机制，每半年开展一次复核。",
        "return",
    ),
    (
        "research",
        "neutral",
        "关于全县乡村民宿发展情况的调研报告",
        "调研组走访了12个乡镇、56家民宿。全县现有民宿312家，床位4100张，去年接待游客38万人次。\n"
        "主要问题：同质化严重、消防安全隐患多、专业人才缺乏。\n"
        "建议：编制民宿发展专项规划；完善消防安全标准；开展从业人员培训。",
        "reserve",
    ),
    (
        "news",
        "good",
        "县人社局开展“春风行动”帮助1200余人实现就业",
        "县人社局组织专场招聘会14场，提供岗位5600余个，帮助1200余名农村劳动力实现就业。",
        "adopt",
    ),
    (
        "experience",
        "good",
        "东城街道探索老旧小区改造“居民点菜”模式",
        "东城街道在老旧小区改造中推行“居民点菜、政府配菜”，改造前逐户征求意见，形成改造清单。\n"
        "今年已完成改造小区9个，惠及居民2300户。",
        "pending_hub",
    ),
    (
        "problem",
        "bad",
        "部分中小学校外培训“换马甲”现象值得关注",
        "近期发现，个别培训机构以“托管”“研学”名义开展学科类培训。\n建议：加强部门联合执法，畅通群众举报渠道。",
        "pending",
    ),
    ("news", "neutral", "南湖镇启动冬春农田水利建设", "南湖镇计划投入资金860万元，新建和修复灌溉渠道23公里。", "draft"),
]


def _people(city: Any, county: int, n: int) -> tuple[Any, Any]:
    kind = "t" if n <= 8 else "d"
    code = f"c{county}{kind}{n:02d}"
    return city.people[f"{code}_xxy"], city.people[f"{code}_qf"]


def _write(officer: Any, story: tuple[str, str, str, str, str]) -> Any:
    category, tone, title, body, _fate = story
    item = actions.create_draft(
        officer,
        category=category,
        tone=tone,
        title=title,
        body=body,
        writer_name=officer.display_name,
        writer_phone=officer.phone or "0571-88886666",
        angle="key" if category in (Category.PROBLEM, Category.RESEARCH) else "",
    )
    return item


def _screen(city: Any, sub: Any, fate: str, county: int) -> None:
    editor = city.people[f"c{county}_bianji"]
    if fate == "adopt":
        actions.adopt(editor, sub)
    elif fate in ("forward", "city_adopt"):
        if fate == "city_adopt" or county == 1:
            actions.adopt(editor, sub)
        # County 2's hub does not count forwarding as its 采用 (set below): its item goes up as 已转报.
        upper = actions.forward(editor, sub)
        if fate == "city_adopt":
            actions.adopt(city.people["shi_bianji"], upper)
    elif fate == "return":
        actions.return_submission(editor, sub, "请补充具体数据，并说明涉及的村和人数。")
    elif fate == "reject":
        actions.reject(editor, sub, "属一般性会议活动信息，不予采用。")
    elif fate == "reserve":
        actions.reserve(editor, sub)


def extend_demo(city: Any) -> None:
    party = Channel.objects.get(code="party")
    chief2 = city.people["c2_kezhang"]
    assert chief2.unit is not None
    actions.set_forward_adopts(chief2, chief2.unit, False)
    for county in (1, 2):
        for n, story in enumerate(STORIES, start=1):
            officer, signer = _people(city, county, n)
            fate = story[4]
            item = _write(officer, story)
            if fate == "draft":
                continue
            actions.submit(officer, item, [party])
            if fate == "pending":
                continue
            sub = next(s for s in actions.sign_off(signer, item) if s.channel_id == party.pk)
            _screen(city, sub, fate, county)
    _demo_merge(city, party)
    _demo_withdrawn(city, party)


def _demo_withdrawn(city: Any, party: Channel) -> None:
    """One item its unit withdrew before the county hub decided (撤回)."""
    officer, signer = _people(city, 1, 2)
    story = ("news", "neutral", "城南镇召开安全生产工作会议", "城南镇召开安全生产工作会议，部署冬季安全生产工作。", "")
    item = _write(officer, story)
    actions.submit(officer, item, [party])
    actions.sign_off(signer, item)
    actions.withdraw(officer, item, "会议信息不宜报送，撤回。")


def _demo_merge(city: Any, party: Channel) -> None:
    """Two more townships' items on the same theme, merged into one 综合 item at county 1's hub."""
    texts = [
        ("高岭镇秋粮收购进度过半", "截至10月底，高岭镇已收购秋粮1.1万吨，完成计划的56%。"),
        ("长乐镇秋粮收购遇仓容不足", "长乐镇粮站仓容紧张，部分农户售粮需排队2至3天，建议协调临时仓储。"),
    ]
    subs = []
    for n, (title, body) in zip((9, 10), texts, strict=True):
        officer, signer = city.people[f"c1t{n:02d}_xxy"], city.people[f"c1t{n:02d}_qf"]
        item = actions.create_draft(
            officer, category="news", title=title, body=body, writer_name=officer.display_name, writer_phone="0571-1"
        )
        actions.submit(officer, item, [party])
        subs += [s for s in actions.sign_off(signer, item) if s.channel_id == party.pk]
    actions.merge(
        city.people["c1_bianji"],
        subs,
        title="我县秋粮收购总体平稳 个别乡镇仓容偏紧",
        body="\n".join(t[1] for t in texts),
    )
