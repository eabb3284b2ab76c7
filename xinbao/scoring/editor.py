"""The form-based rule-set editor: the common parts of a rule set (name and period, base, quotas, points per
publication and level, 批示 bonuses, limits) as a form, written to the same YAML the engine reads.

Nothing here validates a rule set: the YAML this module writes goes through the engine's own validator
(``actions.check_text``), and each of its errors and warnings is put back beside the form field that wrote
the line it names (``field_of``). A rule set that uses any other part of the format (``advanced_parts``) is
edited in the YAML view only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from xinbao.items.models import ItemType

from .rules import ADOPTION_LEVELS, ITEM_TYPES, PERIODS, SUB_PERIODS, RuleIssue

# --- What the form covers ----------------------------------------------------------------------------

COMMON_TOP = {"name", "period", "unit", "units", "base", "pass_mark", "periodicals", "quotas", "adoptions"}
COMMON_TOP |= {"instructions", "limits"}
QUOTA_FIELDS = ("key", "label", "count", "per", "target", "met", "per_extra", "missed", "per_missing")
QUOTA_COUNTS = ("submitted", "adopted", "adoptions")
ADOPTION_FIELDS = ("key", "label", "levels", "publications", "adopters", "item_types", "points")
INSTRUCTION_FIELDS = ("key", "label", "levels", "points")
LIMIT_FIELDS = ("key", "label", "keys", "per", "min", "max")
SECTIONS = ("quotas", "adoptions", "instructions", "limits")
# The ``match`` fields each section's form edits.
MATCH_FIELDS = {"adoptions": ("levels", "publications", "adopters", "item_types"), "instructions": ("levels",)}
LIST_FIELDS = {"levels", "publications", "adopters", "keys"}

LEVEL_CHOICES = [
    ("township", gettext_lazy("乡镇级")),
    ("county", gettext_lazy("县级")),
    ("city", gettext_lazy("市级")),
    ("province", gettext_lazy("省级")),
    ("central", gettext_lazy("中央")),
]
assert [c for c, _label in LEVEL_CHOICES] == list(ADOPTION_LEVELS)
ITEM_TYPE_CHOICES = ItemType.choices
assert [c for c, _label in ITEM_TYPE_CHOICES] == list(ITEM_TYPES)
PERIOD_CHOICES = [
    ("week", gettext_lazy("周")),
    ("month", gettext_lazy("月")),
    ("quarter", gettext_lazy("季度")),
    ("year", gettext_lazy("年")),
]
assert [c for c, _label in PERIOD_CHOICES] == list(PERIODS)
PER_CHOICES = [("", gettext_lazy("（整个考核期）"))] + [c for c in PERIOD_CHOICES if c[0] in SUB_PERIODS]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _only(mapping: Any, allowed: tuple[str, ...] | set[str]) -> bool:
    return isinstance(mapping, dict) and set(mapping) <= set(allowed)


def advanced_parts(text: str) -> list[str]:
    """The parts of ``text`` the form cannot show (empty: the form can edit it all). A text that is not
    even YAML is "advanced" too: the YAML view shows its errors."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return [_("YAML 格式有误")]
    if not isinstance(doc, dict):
        return [_("YAML 格式有误")]
    found = [str(k) for k in doc if k not in COMMON_TOP]
    if "units" in doc and not _only(doc["units"], {"scope"}):
        found.append("units")
    if "pass_mark" in doc and not _is_number(doc["pass_mark"]):
        found.append("pass_mark")
    for section, fields in (
        ("quotas", QUOTA_FIELDS),
        ("adoptions", ("key", "label", "match", "points")),
        ("instructions", ("key", "label", "match", "points")),
        ("limits", LIMIT_FIELDS),
    ):
        rows = doc.get(section) or []
        ok = isinstance(rows, list) and all(_only(r, fields) for r in rows)
        if ok and section in MATCH_FIELDS:
            ok = all(_only(r.get("match") or {}, MATCH_FIELDS[section]) for r in rows)
            ok = ok and all(_is_number(r.get("points")) for r in rows)
        if ok and section == "quotas":
            ok = all(r.get("count") in QUOTA_COUNTS for r in rows)
        if not ok:
            found.append(section)
    return found


# --- The forms ---------------------------------------------------------------------------------------

NUMBER = {"class": "form-control form-control-sm", "step": "any"}
TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


def _number(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, widget=forms.NumberInput(attrs=NUMBER))


def _text(label: StrOrPromise, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=200, widget=forms.TextInput(attrs={**TEXT, **attrs}))


def _levels() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=gettext_lazy("级别"), required=False, choices=LEVEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )


def _per() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("每"), choices=PER_CHOICES, required=False, widget=forms.Select(attrs=SELECT)
    )


class MainForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("考核办法名称"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    period = forms.ChoiceField(
        label=gettext_lazy("考核周期"), choices=PERIOD_CHOICES, widget=forms.Select(attrs=SELECT)
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("计分单位"),
        choices=[("points", gettext_lazy("分")), ("yuan", gettext_lazy("元（稿酬）"))],
        widget=forms.Select(attrs=SELECT),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("被考核单位"),
        choices=[
            ("members", gettext_lazy("向本单位报送的单位")),
            ("subtree", gettext_lazy("本单位下属全部单位")),
            ("region", gettext_lazy("本地区全部单位")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    base = _number(gettext_lazy("每期基础分"))
    pass_mark = _number(gettext_lazy("达标线（合计低于此分为不达标）"))
    periodicals = _text(gettext_lazy("系统外刊物（带书名号，以顿号分隔）"))


class QuotaForm(forms.Form):
    key = _text(gettext_lazy("规则键"))
    label = _text(gettext_lazy("名称"))
    count = forms.ChoiceField(
        label=gettext_lazy("统计"),
        choices=[
            ("submitted", gettext_lazy("报送条数")),
            ("adopted", gettext_lazy("被采用条数")),
            ("adoptions", gettext_lazy("采用次数")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    per = forms.ChoiceField(
        label=gettext_lazy("每"), choices=PER_CHOICES, required=False, widget=forms.Select(attrs=SELECT)
    )
    target = forms.IntegerField(
        label=gettext_lazy("任务数"), required=False, min_value=0, widget=forms.NumberInput(attrs=TEXT)
    )
    met = _number(gettext_lazy("完成得分"))
    per_extra = _number(gettext_lazy("超出每条"))
    missed = _number(gettext_lazy("未完成得分"))
    per_missing = _number(gettext_lazy("每差一条"))


class AdoptionForm(forms.Form):
    key = _text(gettext_lazy("规则键"))
    label = _text(gettext_lazy("名称"))
    levels = _levels()
    publications = _text(gettext_lazy("刊物"), placeholder="《要情》")
    adopters = _text(gettext_lazy("采用机关"))
    item_types = forms.MultipleChoiceField(
        label=gettext_lazy("信息类型（不选为不限）"),
        required=False,
        choices=ITEM_TYPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    points = _number(gettext_lazy("分值"))


class InstructionForm(forms.Form):
    key = _text(gettext_lazy("规则键"))
    label = _text(gettext_lazy("名称"))
    levels = _levels()
    points = _number(gettext_lazy("分值"))


class LimitForm(forms.Form):
    key = _text(gettext_lazy("规则键"))
    label = _text(gettext_lazy("名称"))
    keys = _text(gettext_lazy("计入的规则键"))
    per = forms.ChoiceField(
        label=gettext_lazy("每"), choices=PER_CHOICES, required=False, widget=forms.Select(attrs=SELECT)
    )
    min = _number(gettext_lazy("保底"))
    max = _number(gettext_lazy("封顶"))


ROW_FORMS: dict[str, type[forms.Form]] = {
    "quotas": QuotaForm,
    "adoptions": AdoptionForm,
    "instructions": InstructionForm,
    "limits": LimitForm,
}
SECTION_TITLES = {
    "quotas": gettext_lazy("任务数"),
    "adoptions": gettext_lazy("采用计分（按刊物、级别）"),
    "instructions": gettext_lazy("批示加分"),
    "limits": gettext_lazy("保底与封顶"),
}
EXTRA_ROWS = 2


def formsets(data: Any = None, initial: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """One formset per section, each with two blank rows to add a rule."""
    result = {}
    for section, form_class in ROW_FORMS.items():
        factory = forms.formset_factory(form_class, extra=EXTRA_ROWS)
        result[section] = factory(data, prefix=section, initial=(initial or {}).get(section))
    return result


# --- Rule set text → form data -------------------------------------------------------------------------


def _joined(values: Any) -> str:
    return "、".join(str(v) for v in values or [])


def initial_of(text: str) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The form's initial data for a text the form can show (``advanced_parts(text)`` is empty)."""
    doc = yaml.safe_load(text) or {}
    main = {
        "name": doc.get("name", ""),
        "period": doc.get("period", "year"),
        "unit": doc.get("unit", "points"),
        "scope": (doc.get("units") or {}).get("scope", "members"),
        "base": doc.get("base"),
        "pass_mark": doc.get("pass_mark"),
        "periodicals": _joined(doc.get("periodicals")),
    }
    rows: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        rows[section] = []
        for raw in doc.get(section) or []:
            row = {k: v for k, v in raw.items() if k != "match"}
            row.update(raw.get("match") or {})
            for name in ("publications", "adopters", "keys"):
                if name in row:
                    row[name] = _joined(row[name])
            rows[section].append(row)
    return main, rows


# --- Form data → rule set text, with the line each field wrote ---------------------------------------

Place = tuple[str, int, str]  # (section or "main", row index, field name)


@dataclass
class Written:
    text: str
    places: dict[int, Place] = field(default_factory=dict)  # line number (1-based) → the field that wrote it
    keys: dict[str, Place] = field(default_factory=dict)  # each written rule key → its row's key field


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (int, float)):
        return str(value)
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _flow(values: list[Any]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def split_names(value: Any) -> list[str]:
    return [part for part in re.split(r"[、,，;；\s]+", value or "") if part]


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.places: dict[int, Place] = {}

    def line(self, text: str, place: Place) -> None:
        self.lines.append(text)
        self.places[len(self.lines)] = place


def _blank(row: dict[str, Any]) -> bool:
    return all(v in (None, "", []) for k, v in row.items() if k not in ("count",))


ROW_FIELDS = {
    "quotas": QUOTA_FIELDS,
    "adoptions": ADOPTION_FIELDS,
    "instructions": INSTRUCTION_FIELDS,
    "limits": LIMIT_FIELDS,
}
KEY_PREFIX = {"quotas": "quota", "adoptions": "adoption", "instructions": "instruction", "limits": "limit"}


def write(main: dict[str, Any], sections: dict[str, list[dict[str, Any]]]) -> Written:
    """The YAML text of the form's cleaned data. Blank rows are skipped; a row without a key gets one
    (``adoption_2``); every line remembers the field that wrote it."""
    out = _Writer()
    out.line(f"name: {_scalar(main.get('name') or '')}", ("main", 0, "name"))
    out.line(f"period: {main.get('period') or 'year'}", ("main", 0, "period"))
    out.line(f"unit: {main.get('unit') or 'points'}", ("main", 0, "unit"))
    if main.get("scope") and main["scope"] != "members":
        out.line("units:", ("main", 0, "scope"))
        out.line(f"  scope: {main['scope']}", ("main", 0, "scope"))
    names = split_names(main.get("periodicals") or "")
    if names:
        out.line(f"periodicals: {_flow(names)}", ("main", 0, "periodicals"))
    for name in ("base", "pass_mark"):
        if main.get(name) is not None:
            out.line(f"{name}: {_scalar(main[name])}", ("main", 0, name))
    written_keys: dict[str, Place] = {}
    for section in SECTIONS:
        rows = [(i, row) for i, row in enumerate(sections.get(section, [])) if row and not _blank(row)]
        if not rows:
            continue
        out.line(f"{section}:", (section, rows[0][0], "key"))
        taken = {r.get("key") for _i, r in rows}
        for number, (index, row) in enumerate(rows, start=1):
            key = row.get("key") or _free_key(KEY_PREFIX[section], number, taken)
            taken.add(key)
            written_keys[key] = (section, index, "key")
            out.line(f"  - key: {_scalar(key)}", (section, index, "key"))
            _write_row(out, section, index, row)
    return Written("\n".join(out.lines) + "\n", out.places, written_keys)


def _free_key(prefix: str, number: int, taken: set[Any]) -> str:
    key = f"{prefix}_{number}"
    while key in taken:
        number += 1
        key = f"{prefix}_{number}"
    return key


def _write_row(out: _Writer, section: str, index: int, row: dict[str, Any]) -> None:
    match = MATCH_FIELDS.get(section, ())
    for name in ROW_FIELDS[section]:
        value = row.get(name)
        if name == "key" or name in match or value in (None, "", []):
            continue
        if name in LIST_FIELDS:
            value = _flow(split_names(value))
        else:
            value = _scalar(value)
        out.line(f"    {name}: {value}", (section, index, name))
    conditions = [(n, row.get(n)) for n in match if row.get(n)]
    if conditions:
        out.line("    match:", (section, index, match[0]))
        for name, value in conditions:
            values = value if isinstance(value, list) else split_names(value)
            out.line(f"      {name}: {_flow(values)}", (section, index, name))


def field_of(issue: RuleIssue, written: Written) -> Place | None:
    """The form field behind an issue of the written text: the line's field, or for a rule set-wide
    message (reported on line 1) the row whose key it quotes (“quota_1”)."""
    if issue.line != 1 or "“" not in issue.message:
        return written.places.get(issue.line)
    for key, (section, index, _name) in written.keys.items():
        if f"“{key}”" in issue.message:
            wanted = "target" if "target" in issue.message and section == "quotas" else "key"
            return (section, index, wanted)
    return written.places.get(issue.line)
