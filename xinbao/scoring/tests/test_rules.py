"""Rule documents: precise Chinese messages naming the line; nothing changes on bad input."""

from __future__ import annotations

import datetime

import pytest

from xinbao.core.errors import PermissionRefused
from xinbao.orgs.models import AssessmentClass
from xinbao.publications.tests.factories import periodical
from xinbao.scoring import actions
from xinbao.scoring.models import PersonAttribute, RuleSetVersion
from xinbao.scoring.rules import RuleSetInvalid

from .factories import EXAMPLES, example, rule_set

D = datetime.date

GOOD = """name: 测试办法
period: month
base: 5
"""


def _issues(city, text):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], GOOD, D(2026, 1, 1))
    with pytest.raises(RuleSetInvalid) as caught:
        actions.save_version(city.county_editor, rs, text=text)
    rs.refresh_from_db()
    assert rs.active_version.number == 1 and RuleSetVersion.objects.filter(rule_set=rs).count() == 1
    return [str(i) for i in caught.value.issues]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_rule_sets_are_valid_and_load_without_warnings(city, name):  # type: ignore[no-untyped-def]
    # What an office sets up before writing such rules: its classes and the members' attributes.
    for order, class_name in enumerate(("一类", "二类"), start=1):
        AssessmentClass.objects.create(name=class_name, order=order)
    for attribute, level in (("全国政协委员", "central"), ("省政协委员", "province")):
        PersonAttribute.objects.create(person=city.officer, name=attribute, level=level)
    rs = rule_set(city.county_hub, city.channels["party"], example(name), D(2026, 1, 1))
    assert rs.active_version.spec["name"] == rs.name
    _spec, warnings = actions.check_text(example(name))
    assert [str(w) for w in warnings] == []


def test_unknown_field_names_the_line(city):  # type: ignore[no-untyped-def]
    text = "name: 测试\nperiod: month\nbase: 5\nbonus: 3\n"
    assert _issues(city, text) == [
        "第4行：未知字段“bonus”（“考核办法”可用字段：name、unit、period、periodicals、units、base、joint、quotas、"
        "adoptions、multipliers、instructions、events、rates、limits、zero_if、pass_mark、disqualify_if、awards、"
        "item_awards、writers、entered、rankings、category_targets）。"
    ]


def test_wrong_type_unknown_periodical_and_class(city):  # type: ignore[no-untyped-def]
    AssessmentClass.objects.create(name="一类")
    text = (
        "name: 测试\n"
        "period: quarter\n"
        "units:\n"
        "  classes: [一类, 三类]\n"
        "quotas:\n"
        "  - key: q\n"
        "    count: submitted\n"
        "    targets: {一类: 多}\n"
        "adoptions:\n"
        "  - key: a\n"
        "    match: {publications: [《不存在的刊物》]}\n"
        "    points: 五\n"
    )
    assert _issues(city, text) == [
        "第4行：未知的考核类别“三类”（已建立：一类）；请先在“单位管理 → 考核类别”中建立。",
        "第8行：“targets.一类”应为不小于0的整数，而不是“多”。",
        "第12行：“points”应为数字，而不是“五”。",
    ]


def test_yaml_syntax_error_and_missing_fields(city):  # type: ignore[no-untyped-def]
    assert _issues(city, "name: 测试\nperiod: [month\n")[0].startswith("第3行：YAML 格式错误")
    assert _issues(city, "base: 5\n") == [
        "第1行：“考核办法”缺少必填字段“name”。",
        "第1行：“考核办法”缺少必填字段“period”。",
    ]


def test_duplicate_keys_and_limit_referring_to_nothing(city):  # type: ignore[no-untyped-def]
    text = (
        "name: 测试\nperiod: year\n"
        "events:\n  - {key: a, fact: urgent.late, points: -1}\n  - {key: a, fact: urgent.missed, points: -2}\n"
        "limits:\n  - {key: f, keys: [a, nope], min: 0}\n"
    )
    assert _issues(city, text) == [
        "第5行：规则键“a”重复，每条规则的 key 须唯一。",
        "第7行：keys 引用了不存在的规则键“nope”。",
    ]
    text = "name: 测试\nperiod: year\nlimits:\n  - {key: f, keys: [nope], min: 0}\nevents:\n  - {key: a, fact: foo.bar, points: 1}\n"
    assert _issues(city, text) == ["第6行：未知的事实类型“foo.bar”。"]


def test_only_hub_staff_of_the_hub_edit_rules(city):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], GOOD, D(2026, 1, 1))
    for outsider in (city.officer, city.county2_editor):
        with pytest.raises(PermissionRefused):
            actions.save_version(outsider, rs, text=GOOD)
    version = actions.save_version(city.county_editor, rs, text=GOOD.replace("base: 5", "base: 6"), note="基础分调整")
    assert version.number == 2
    rs.refresh_from_db()
    assert rs.active_version.number == 1  # saving does not activate
    actions.activate_version(city.county_chief, version)
    rs.refresh_from_db()
    assert rs.active_version.number == 2


# --- hostile documents (issue 8): refused with a clear message, never a 500 ----------------------


def _refusal(text):  # type: ignore[no-untyped-def]
    from xinbao.scoring.rules import Context, compile_rules

    with pytest.raises(RuleSetInvalid) as caught:
        compile_rules(text, Context(classes=set(), periodicals=set(), fact_kinds=set()))
    return [str(issue) for issue in caught.value.issues]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: !!python/object:os.system echo\nperiod: year\n",
            "第1行：不支持的 YAML 标签：tag:yaml.org,2002:python/object:os.system",
        ),
        ("name: !custom 测试\nperiod: year\n", "第1行：不支持的 YAML 标签：!custom"),
        (
            "name: 测试\nperiod: year\nbase: " + "[" * 5000 + "]" * 5000 + "\n",
            "第3行：规则文本嵌套过深：不能超过20层。",
        ),
        ("a: &x [1, 2]\nb: [*x, *x]\n", "第1行：规则文本中不能使用锚点或别名（& 和 *）。"),
        ("name: 测试\nperiod: year\n#" + "x" * (200 * 1024) + "\n", "第1行：规则文本过长：不能超过200 KB。"),
    ],
)
def test_hostile_rule_documents_are_refused(text, message):  # type: ignore[no-untyped-def]
    assert _refusal(text) == [message]


def test_a_document_at_the_limits_still_loads(city):  # type: ignore[no-untyped-def]
    padding = "#" + "注" * 60_000 + "\n"  # 180 KB of comment, under the limit
    assert len((GOOD + padding).encode()) < 200 * 1024
    rs = rule_set(city.county_hub, city.channels["party"], GOOD, D(2026, 1, 1))
    assert actions.save_version(city.county_editor, rs, text=GOOD + padding).number == 2


def test_a_hostile_document_through_the_page_is_a_message(city, login):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], GOOD, D(2026, 1, 1))
    before = RuleSetVersion.objects.filter(rule_set=rs).count()
    with pytest.raises(RuleSetInvalid, match="嵌套过深"):
        actions.save_version(city.county_editor, rs, text="name: x\nperiod: year\nbase: " + "[" * 3000 + "]" * 3000)
    assert RuleSetVersion.objects.filter(rule_set=rs).count() == before


def test_yaml_syntax_errors_are_explained_in_chinese(city):  # type: ignore[no-untyped-def]
    assert _issues(city, "name: 测试\nperiod: [month\n") == [
        "第3行：YAML 格式错误：方括号列表没有正确结束：检查是否缺少“]”或逗号"
        "（expected ',' or ']', but got '<stream end>'）"
    ]
    assert _issues(city, "name: 测试\n\tperiod: year\n")[0].startswith("第2行：YAML 格式错误：不能用 Tab 缩进")


UNKNOWN_PERIODICAL = """name: 测试
period: month
adoptions:
  - key: a
    match: {publications: [%s]}
    points: 5
"""


def test_an_unknown_periodical_is_a_warning_and_the_rule_set_still_saves(city):  # type: ignore[no-untyped-def]
    """A name the system does not know yet cannot match, but the rule set can run: warned, not refused."""
    text = UNKNOWN_PERIODICAL % "《不存在的刊物》"
    _spec, warnings = actions.check_text(text)
    assert [str(w) for w in warnings] == [
        "第5行：未知的刊物“《不存在的刊物》”，这条规则暂时匹配不到任何采用：请核对刊名，或在系统刊物管理中建立该刊物，"
        "系统外的刊物请在 periodicals 中列出。"
    ]
    rs = rule_set(city.county_hub, city.channels["party"], GOOD, D(2026, 1, 1))
    actions.save_version(city.county_editor, rs, text=text)
    assert RuleSetVersion.objects.filter(rule_set=rs).count() == 2
    # Without 书名号 the warning says how to write the name.
    _spec, warnings = actions.check_text(UNKNOWN_PERIODICAL % "不存在的刊物")
    assert "刊物名称须带书名号" in str(warnings[0])


def test_a_periodical_created_in_publication_management_is_recognised(city):  # type: ignore[no-untyped-def]
    """Once 刊物管理 has created 《清河信息》, a rule naming it is clean."""
    text = UNKNOWN_PERIODICAL % "《清河信息》"
    assert [str(w) for w in actions.check_text(text)[1]] != []
    created = periodical(city)
    assert created.name == "清河信息"
    assert actions.check_text(text)[1] == []
