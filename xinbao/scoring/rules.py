"""Reading a rule set (YAML) into its compiled form, with errors that name the line (docs/rules.md).

The document is composed into YAML nodes (which carry line marks) and walked against a small schema.
Every problem is collected — unknown field, wrong type, unknown value, unknown periodical or class —
as "第N行：…", and nothing is saved unless the whole document is valid.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError

PERIODS = ("week", "month", "quarter", "year")
UNITS_OF_ACCOUNT = ("points", "yuan")
ADOPTION_LEVELS = ("township", "county", "city", "province", "central")
ADOPTION_KINDS = ("single", "combined")
LEADER_LEVELS = ADOPTION_LEVELS
CATEGORIES = (
    "news",
    "experience",
    "problem",
    "opinion",
    "research",
    "special",
    "economy",
    "commission",
    "combined",
    "urgent",
)
# 信息类型 (items.ItemType): text, picture items, leaders' speeches, work summaries/plans.
ITEM_TYPES = ("text", "picture", "speech", "summary")
UNIT_KINDS = (
    "party_office",
    "gov_office",
    "cppcc",
    "township",
    "street",
    "department",
    "company",
    "community",
    "committee",
    "sector",
    "party",
    "contact_point",
    "region",
    "other",
)


@dataclass
class RuleIssue:
    line: int
    message: str

    def __str__(self) -> str:
        return _("第%(n)s行：%(m)s") % {"n": self.line, "m": self.message}


class RuleSetInvalid(DomainError):
    """The document has problems; ``issues`` lists each with its line."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass
class Context:
    """What the document may refer to: assessment classes, periodicals and fact kinds that exist."""

    classes: set[str]
    periodicals: set[str]
    fact_kinds: set[str]
    issues: list[RuleIssue] = field(default_factory=list)
    # Problems that do not stop the rule set from running (an unknown adopting body, a quota with no
    # target): saved anyway and shown beside the text, each saying how to fix it.
    warnings: list[RuleIssue] = field(default_factory=list)
    # Register of adopting bodies: every name and alias → the body's registered name.
    bodies: dict[str, str] = field(default_factory=dict)
    # Writer attributes people carry (全国政协委员, 省政协委员, 全国人大代表 …).
    writer_attributes: set[str] = field(default_factory=set)
    # Lines of every rule ``key`` and of every limit's ``keys``, for messages about keys.
    key_lines: list[tuple[str, int]] = field(default_factory=list)
    keys_lines: list[tuple[list[str], int]] = field(default_factory=list)

    def error(self, node: yaml.Node, message: str) -> None:
        self.issues.append(RuleIssue(node.start_mark.line + 1, message))

    def warn(self, node: yaml.Node, message: str) -> None:
        self.warnings.append(RuleIssue(node.start_mark.line + 1, message))


# --- Node readers -------------------------------------------------------------------------------
# A reader takes (node, ctx, name) and returns the plain value, or None after recording an error.

Reader = Callable[[yaml.Node, Context, str], Any]


def _scalar(node: yaml.Node) -> Any:
    return yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else None


def text(node: yaml.Node, ctx: Context, name: str) -> str | None:
    value = _scalar(node)
    if not isinstance(node, yaml.ScalarNode) or value is None or isinstance(value, (dict, list)):
        ctx.error(node, _("“%(f)s”应为文字。") % {"f": name})
        return None
    return str(value)


def number(node: yaml.Node, ctx: Context, name: str) -> str | None:
    """Numbers are kept as decimal strings so that the ledger is exact (no float rounding)."""
    value = _scalar(node)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.error(node, _("“%(f)s”应为数字，而不是“%(v)s”。") % {"f": name, "v": _shown(node)})
        return None
    return str(decimal.Decimal(str(value)))


def count(node: yaml.Node, ctx: Context, name: str) -> int | None:
    value = _scalar(node)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        ctx.error(node, _("“%(f)s”应为不小于0的整数，而不是“%(v)s”。") % {"f": name, "v": _shown(node)})
        return None
    return value


def flag(node: yaml.Node, ctx: Context, name: str) -> bool | None:
    value = _scalar(node)
    if not isinstance(value, bool):
        ctx.error(node, _("“%(f)s”应为 true 或 false。") % {"f": name})
        return None
    return value


def _shown(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else _("（列表或对象）")


def one_of(choices: Iterable[str], what: str) -> Reader:
    allowed = tuple(choices)

    def read(node: yaml.Node, ctx: Context, name: str) -> str | None:
        value = text(node, ctx, name)
        if value is None:
            return None
        if value not in allowed:
            ctx.error(
                node,
                _("未知的%(w)s“%(v)s”（可用：%(a)s）。") % {"w": what, "v": value, "a": "、".join(allowed)},
            )
            return None
        return value

    return read


def known(source: Callable[[Context], set[str]], what: str) -> Reader:
    """A name that must exist in the database or the document (classes, periodicals, fact kinds)."""

    def read(node: yaml.Node, ctx: Context, name: str) -> str | None:
        value = text(node, ctx, name)
        if value is None:
            return None
        if value not in source(ctx):
            ctx.error(node, _("未知的%(w)s“%(v)s”。") % {"w": what, "v": value})
            return None
        return value

    return read


def _class_name(node: yaml.Node, ctx: Context, name: str) -> str | None:
    value = text(node, ctx, name)
    if value is not None and value not in ctx.classes:
        ctx.error(
            node,
            _("未知的考核类别“%(v)s”（已建立：%(a)s）；请先在“单位管理 → 考核类别”中建立。")
            % {"v": value, "a": "、".join(sorted(ctx.classes)) or _("无")},
        )
        return None
    return value


_classes = _class_name


def body(node: yaml.Node, ctx: Context, name: str) -> str | None:
    """An adopting body: a registered name or alias becomes the registered name (so 中办 and
    中共中央办公厅 match the same adoptions); an unknown name is kept as written, with a warning."""
    value = text(node, ctx, name)
    if value is None:
        return None
    if value in ctx.bodies:
        return ctx.bodies[value]
    ctx.warn(
        node,
        _(
            "采用机关“%(v)s”不在采用机关名录中，只有名称完全一致的采用记录才会计分；请在“采用机关名录”中登记该机关或其简称。"
        )
        % {"v": value},
    )
    return value


def writer_attribute(node: yaml.Node, ctx: Context, name: str) -> str | None:
    value = text(node, ctx, name)
    if value is not None and value not in ctx.writer_attributes:
        ctx.warn(
            node,
            _("人员身份“%(v)s”尚无人登记，此条件暂时不会匹配；请在“人员身份”中为相关人员登记（可用：%(a)s）。")
            % {"v": value, "a": "、".join(sorted(ctx.writer_attributes)) or _("无")},
        )
    return value


def points_value(node: yaml.Node, ctx: Context, name: str) -> str | None:
    """A number, or ``adopter_score``: the score the adopting office gave the item."""
    if _scalar(node) == "adopter_score":
        return "adopter_score"
    return number(node, ctx, name)


def by_class(node: yaml.Node, ctx: Context, name: str) -> Any:
    """A number, or a map of assessment class → number (``{一类: 100, 二类: 80}``)."""
    if isinstance(node, yaml.MappingNode):
        return mapping_of(number, _classes)(node, ctx, name)
    return number(node, ctx, name)


def items_of(reader: Reader) -> Reader:
    """A list; a single value is accepted as a list of one."""

    def read(node: yaml.Node, ctx: Context, name: str) -> list[Any] | None:
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode):
            ctx.error(node, _("“%(f)s”应为列表。") % {"f": name})
            return None
        values = [reader(n, ctx, name) for n in nodes]
        return [v for v in values if v is not None]

    return read


def mapping_of(reader: Reader, key_reader: Reader) -> Reader:
    """A mapping of names (checked by ``key_reader``) to values."""

    def read(node: yaml.Node, ctx: Context, name: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            ctx.error(node, _("“%(f)s”应为“名称: 数值”的对应表。") % {"f": name})
            return None
        result = {}
        for key_node, value_node in node.value:
            key = key_reader(key_node, ctx, name)
            value = reader(value_node, ctx, f"{name}.{key_node.value}")
            if key is not None and value is not None:
                result[key] = value
        return result

    return read


def obj(fields: dict[str, Reader], required: Iterable[str] = (), defaults: dict[str, Any] | None = None) -> Reader:
    needed = tuple(required)

    def read(node: yaml.Node, ctx: Context, name: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            ctx.error(node, _("“%(f)s”应为包含字段的对象。") % {"f": name})
            return None
        result: dict[str, Any] = dict(defaults or {})
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in fields:
                ctx.error(
                    key_node,
                    _("未知字段“%(k)s”（“%(f)s”可用字段：%(a)s）。") % {"k": key, "f": name, "a": "、".join(fields)},
                )
                continue
            if key in seen:
                ctx.error(key_node, _("字段“%(k)s”重复。") % {"k": key})
                continue
            seen.add(key)
            value = fields[key](value_node, ctx, key)
            if value is not None:
                result[key] = value
                if key == "key":
                    ctx.key_lines.append((value, value_node.start_mark.line + 1))
                elif key == "keys":
                    ctx.keys_lines.append((value, value_node.start_mark.line + 1))
        for key in needed:
            if key not in seen:
                ctx.error(node, _("“%(f)s”缺少必填字段“%(k)s”。") % {"f": name, "k": key})
        return result

    return read


# --- The schema (documented field by field in docs/rules.md) ------------------------------------


def _periodical(node: yaml.Node, ctx: Context, name: str) -> str | None:
    value = text(node, ctx, name)
    if value is not None and value not in ctx.periodicals:
        # The rule can still run (it matches no adoption until the periodical exists): a warning, not an error.
        hint = "" if value.startswith("《") else _("刊物名称须带书名号，")
        ctx.warn(
            node,
            _(
                "未知的刊物“%(v)s”，这条规则暂时匹配不到任何采用：%(h)s请核对刊名，或在系统刊物管理中建立该刊物，"
                "系统外的刊物请在 periodicals 中列出。"
            )
            % {"v": value, "h": hint},
        )
    return value


_fact = known(lambda c: c.fact_kinds, _("事实类型"))
SUB_PERIODS = ("week", "month", "quarter")
_per = one_of(SUB_PERIODS, _("分段周期"))
WRITER_ROLES = ("officer", "special_officer", "cppcc_member")

WRITER_MATCH = {
    "writer_roles": items_of(one_of(WRITER_ROLES, _("人员角色"))),
    "writer_attributes": items_of(writer_attribute),
}
_item_types = items_of(one_of(ITEM_TYPES, _("信息类型")))

ADOPTION_MATCH = {
    "levels": items_of(one_of(ADOPTION_LEVELS, _("采用级别"))),
    "publications": items_of(_periodical),
    "adopters": items_of(body),
    "categories": items_of(one_of(CATEGORIES, _("信息类别"))),
    "item_types": _item_types,
    "kinds": items_of(one_of(ADOPTION_KINDS, _("采用方式"))),
    "forwarded": flag,
    "as_research": flag,
    "external": flag,
    "direct": flag,
    "series": items_of(one_of(("regular", "supplement"), _("期刊序列"))),
    "periodical_ids": items_of(count),
    **WRITER_MATCH,
}

EVENT_MATCH = {
    "categories": items_of(one_of(CATEGORIES, _("信息类别"))),
    "item_types": _item_types,
    # Urgent findings (urgent.*): whether, by whom and at which level the lapse was circulated (通报).
    "circulated": flag,
    "circulated_by": items_of(body),
    "circulated_levels": items_of(one_of(ADOPTION_LEVELS, _("通报机关级别"))),
    **WRITER_MATCH,
}

UNITS = obj(
    {
        "scope": one_of(("members", "subtree", "region"), _("单位范围")),
        "kinds": items_of(one_of(UNIT_KINDS, _("单位类型"))),
        "classes": items_of(_classes),
        "codes": items_of(text),
        "exclude_codes": items_of(text),
        "class_of": mapping_of(
            obj({"kinds": items_of(one_of(UNIT_KINDS, _("单位类型"))), "codes": items_of(text)}), _classes
        ),
        "roll_up": items_of(
            obj({"kinds": items_of(one_of(UNIT_KINDS, _("单位类型"))), "codes": items_of(text), "to": text}, ("to",))
        ),
    },
    defaults={"scope": "members"},
)

QUOTA_COUNTS = ("submitted", "adopted", "adoptions", "never_adopted", "points")
QUOTA = obj(
    {
        "key": text,
        "label": text,
        "count": one_of(QUOTA_COUNTS, _("计数口径")),
        "per": _per,
        "match": obj(ADOPTION_MATCH),
        "keys": items_of(text),
        "exclude_facts": items_of(_fact),
        "categories": items_of(one_of(CATEGORIES, _("信息类别"))),
        "item_types": _item_types,
        "target": count,
        "targets": mapping_of(count, _classes),
        "met": number,
        "per_extra": number,
        "per_missing": number,
        "missed": number,
    },
    required=("key", "count"),
)

# Per item: ``once_per_item`` pays a rule at most once per item and period; rules sharing a ``group``
# pay only the best line per item (e.g. "only the highest level counts").
PER_ITEM = {"once_per_item": flag, "group": text}

ADOPTION_RULE = obj(
    {
        "key": text,
        "label": text,
        "match": obj(ADOPTION_MATCH),
        "points": points_value,
        "factor": number,
        "default": number,
        "bonus": flag,
        **PER_ITEM,
    },
    required=("key", "points"),
    defaults={"match": {}},
)

MULTIPLIER = obj(
    {"key": text, "label": text, "when": obj({**ADOPTION_MATCH, "has_instruction": flag}), "factor": number},
    required=("key", "when", "factor"),
)

INSTRUCTION_RULE = obj(
    {
        "key": text,
        "label": text,
        "match": obj(
            {
                "levels": items_of(one_of(LEADER_LEVELS, _("领导级别"))),
                "posts": items_of(text),
                "publications": items_of(_periodical),
                "item_types": _item_types,
                **WRITER_MATCH,
            }
        ),
        "points": number,
        **PER_ITEM,
    },
    required=("key", "points"),
    defaults={"match": {}},
)

EVENT_RULE = obj(
    {"key": text, "label": text, "fact": _fact, "match": obj(EVENT_MATCH), "points": number, **PER_ITEM},
    required=("key", "fact", "points"),
)

RATE_RULE = obj(
    {
        "key": text,
        "label": text,
        "metric": one_of(("adoption_rate",), _("比率")),
        "below": number,
        "points": number,
    },
    required=("key", "metric", "below", "points"),
)

LIMIT = obj(
    {"key": text, "label": text, "keys": items_of(text), "per": _per, "min": number, "max": number},
    required=("key", "keys"),
)

FACT_COUNT = obj(
    {"key": text, "label": text, "fact": _fact, "at_least": count},
    required=("key", "fact", "at_least"),
)

AWARD = obj(
    {"name": text, "submitted_at_least": count, "adopted_at_least": count},
    required=("name",),
    defaults={"submitted_at_least": 0, "adopted_at_least": 0},
)

ITEM_AWARD = obj(
    {
        "name": text,
        "adopters": items_of(body),
        "levels": items_of(one_of(ADOPTION_LEVELS, _("采用级别"))),
        "publications": items_of(_periodical),
        "instruction_levels": items_of(one_of(LEADER_LEVELS, _("领导级别"))),
    },
    required=("name",),
)

WRITERS = obj(
    {
        "roles": items_of(one_of(WRITER_ROLES, _("人员角色"))),
        "attached": flag,
        "quotas": items_of(QUOTA),
    },
    defaults={"roles": list(WRITER_ROLES), "attached": False, "quotas": []},
)

ENTERED = obj(
    {"key": text, "label": text, "min": number, "max": number},
    required=("key", "label", "min", "max"),
)

RANKING = obj({"name": text, "keys": items_of(text)}, required=("name", "keys"))

CATEGORY_TARGET = obj(
    {"name": text, "categories": items_of(one_of(CATEGORIES, _("信息类别"))), "share_at_least": number},
    required=("name", "categories", "share_at_least"),
)

DOCUMENT = obj(
    {
        "name": text,
        "unit": one_of(UNITS_OF_ACCOUNT, _("计分单位")),
        "period": one_of(PERIODS, _("考核周期")),
        "periodicals": items_of(text),
        "units": UNITS,
        "base": number,
        "joint": one_of(("split", "full"), _("合报计分方式")),
        "quotas": items_of(QUOTA),
        "adoptions": items_of(ADOPTION_RULE),
        "multipliers": items_of(MULTIPLIER),
        "instructions": items_of(INSTRUCTION_RULE),
        "events": items_of(EVENT_RULE),
        "rates": items_of(RATE_RULE),
        "limits": items_of(LIMIT),
        "zero_if": items_of(FACT_COUNT),
        "pass_mark": by_class,
        "disqualify_if": items_of(FACT_COUNT),
        "awards": items_of(AWARD),
        "item_awards": items_of(ITEM_AWARD),
        "writers": WRITERS,
        "entered": items_of(ENTERED),
        "rankings": items_of(RANKING),
        "category_targets": items_of(CATEGORY_TARGET),
    },
    required=("name", "period"),
    defaults={"unit": "points", "joint": "split", "units": {"scope": "members"}, "periodicals": []},
)


def _pre_declared_periodicals(root: yaml.Node) -> set[str]:
    """Periodical names listed in the document's own ``periodicals`` (so rules may use them)."""
    if not isinstance(root, yaml.MappingNode):
        return set()
    for key_node, value_node in root.value:
        if key_node.value == "periodicals" and isinstance(value_node, yaml.SequenceNode):
            return {str(n.value) for n in value_node.value if isinstance(n, yaml.ScalarNode)}
    return set()


_PERIOD_ORDER = {"week": 0, "month": 1, "quarter": 2, "year": 3}


def _check_parts(spec: dict[str, Any], ctx: Context, root: yaml.Node) -> None:
    """Cross-field checks: sub-periods shorter than the period (error); quotas that assess nobody or
    skip some classes, an ``adopter_score`` rule with no default (warnings)."""
    period = spec.get("period", "year")
    line = root.start_mark.line + 1
    quotas = [*spec.get("quotas", []), *spec.get("writers", {}).get("quotas", [])]
    for part in [*quotas, *spec.get("limits", [])]:
        if "per" in part and _PERIOD_ORDER[part["per"]] >= _PERIOD_ORDER[period]:
            ctx.issues.append(
                RuleIssue(
                    line,
                    _("“%(k)s”的分段周期“%(p)s”须短于考核周期“%(q)s”（如 period: year 中用 per: month）。")
                    % {"k": part["key"], "p": part["per"], "q": period},
                )
            )
    for entry in spec.get("entered", []):
        if decimal.Decimal(entry["min"]) > decimal.Decimal(entry["max"]):
            message = _("录入考核项“%(k)s”的 min 不能大于 max（扣分项如 min: -100, max: -50）。")
            ctx.issues.append(RuleIssue(line, message % {"k": entry["key"]}))
    for quota in quotas:
        if "target" not in quota and "targets" not in quota:
            message = _("任务数“%(k)s”没有填写 target 或 targets，不会考核任何单位；请填写任务数。")
            ctx.warnings.append(RuleIssue(line, message % {"k": quota["key"]}))
        elif "target" not in quota:
            missing = sorted(ctx.classes - set(quota["targets"]))
            if missing:
                message = _(
                    "任务数“%(k)s”的 targets 未包括考核类别：%(c)s，这些类别的单位不考核此项；"
                    "如需考核，请补上或加一个 target。"
                )
                ctx.warnings.append(RuleIssue(line, message % {"k": quota["key"], "c": "、".join(missing)}))
        if quota.get("count") == "points" and not quota.get("keys"):
            ctx.issues.append(
                RuleIssue(
                    line,
                    _("任务数“%(k)s”按得分考核（count: points），须用 keys 列出计入的规则键。") % {"k": quota["key"]},
                )
            )


def _check_keys(spec: dict[str, Any], ctx: Context) -> None:
    """Rule keys are unique; limits name existing keys."""
    seen = {"base"}
    for key, line in ctx.key_lines:
        if key in seen:
            ctx.issues.append(RuleIssue(line, _("规则键“%(k)s”重复，每条规则的 key 须唯一。") % {"k": key}))
        seen.add(key)
    for keys, line in ctx.keys_lines:
        for key in keys:
            if key not in seen:
                ctx.issues.append(RuleIssue(line, _("keys 引用了不存在的规则键“%(k)s”。") % {"k": key}))


# A rule file is a page or two of YAML: anything far bigger, deeper or full of aliases is an
# accident or an attack (a "billion laughs" alias bomb, a 100,000-deep list that overflows
# PyYAML's recursive composer), refused before any node is built.
MAX_RULE_BYTES = 200 * 1024
MAX_RULE_DEPTH = 20
# Only YAML's plain types; an explicit ``!!python/object`` or ``!custom`` tag is refused.
ALLOWED_TAGS = {
    None,
    "!",
    *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")),
}


def _check_shape(source: str) -> None:
    """Size, nesting depth, tags and aliases, from the event stream (iterative, no recursion)."""
    if len(source.encode("utf-8")) > MAX_RULE_BYTES:
        raise RuleSetInvalid([RuleIssue(1, _("规则文本过长：不能超过%(k)d KB。") % {"k": MAX_RULE_BYTES // 1024})])
    depth = 0
    for event in yaml.parse(source):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RuleSetInvalid([RuleIssue(line, _("规则文本中不能使用锚点或别名（& 和 *）。"))])
        tag = getattr(event, "tag", None)
        if tag not in ALLOWED_TAGS:
            raise RuleSetInvalid([RuleIssue(line, _("不支持的 YAML 标签：%(t)s") % {"t": tag})])
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_RULE_DEPTH:
                message = _("规则文本嵌套过深：不能超过%(n)d层。") % {"n": MAX_RULE_DEPTH}
                raise RuleSetInvalid([RuleIssue(line, message)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# PyYAML's commonest complaints, said in Chinese with how to fix them (the original kept in brackets).
_YAML_PROBLEMS = [
    ("expected ',' or ']'", "方括号列表没有正确结束：检查是否缺少“]”或逗号"),
    ("expected ',' or '}'", "花括号没有正确结束：检查是否缺少“}”或逗号"),
    ("mapping values are not allowed here", "此处不能出现冒号：冒号后须有空格，含冒号的文字请加引号"),
    ("cannot start any token", "不能用 Tab 缩进或以该字符开头：请改用空格缩进，特殊字符请加引号"),
    ("could not find expected ':'", "缺少冒号：字段名后应为“: ”（冒号加空格）"),
    ("expected <block end>", "缩进不一致：同一层的字段须对齐"),
    ("found duplicate anchor", "不能使用锚点"),
]


def yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return f"{_(chinese)}（{problem}）"
    return problem


def compile_rules(source: str, ctx: Context) -> dict[str, Any]:
    """The compiled spec of ``source`` or ``RuleSetInvalid`` listing every problem with its line."""
    try:
        _check_shape(source)
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = str(getattr(exc, "problem", None) or exc)
        raise RuleSetInvalid([RuleIssue(line, _("YAML 格式错误：%(p)s") % {"p": yaml_problem(problem)})]) from None
    if root is None:
        raise RuleSetInvalid([RuleIssue(1, _("规则文本为空。"))])
    ctx.periodicals = ctx.periodicals | _pre_declared_periodicals(root)
    spec = DOCUMENT(root, ctx, _("考核办法")) or {}
    if not ctx.issues:
        _check_keys(spec, ctx)
        _check_parts(spec, ctx, root)
    if ctx.issues:
        raise RuleSetInvalid(sorted(ctx.issues, key=lambda i: i.line))
    return spec
