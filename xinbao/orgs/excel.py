"""Excel (.xlsx) import and export of units and people, with a downloadable template.

An import is all or nothing: every row is checked first, and one bad row refuses the whole file
with each problem reported by its Excel row number. Only then do the bulk actions write (in one
transaction, audited row by row).

Column headers are a file format, not UI text: they stay Chinese whatever the UI language, so a
template downloaded in English can still be imported.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.excel import safe_row, unquote

from . import actions
from .models import AssessmentClass, Unit, UnitKind, UnitLevel, User
from .roles import ADMIN_ROLES, Role

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000
MAX_ORDER = 2_147_483_647  # the largest value of the order column on every database
ROLE_SEPARATORS = ("、", "，", ",", "；", ";", " ")


@dataclass(frozen=True)
class Sheet:
    title: Any
    headers: tuple[str, ...]
    required: tuple[str, ...]


SHEETS = {
    "units": Sheet(
        gettext_lazy("导入单位"),
        ("编码", "名称", "简称", "上级单位编码", "级别", "类型", "考核类别", "排序"),
        ("编码", "名称"),
    ),
    "people": Sheet(
        gettext_lazy("导入人员"),
        ("用户名", "姓名", "单位编码", "电话", "职务", "电子邮箱", "角色"),
        ("用户名", "姓名", "单位编码"),
    ),
}


class ImportRefused(Exception):
    """The file was refused; ``errors`` are user-facing lines (with row numbers where known)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    count: int
    # people: the new accounts, who have no password yet (letters or links are issued next)
    person_ids: list[int] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores typed numbers (codes, phones) as floats
    return unquote(str(value).strip())


def read_rows(kind: str, file: IO[bytes]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (Excel row number, {header: text}) for each non-empty data row, or refuse the file."""
    sheet = SHEETS[kind]
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, xml, key errors) for a non-xlsx file
        raise ImportRefused([_("文件不是有效的 Excel（.xlsx）文件，请使用下载的模板填写。")]) from None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header_row = next(rows, None)
    headers = [_cell(h).rstrip("*＊") for h in header_row or ()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportRefused([_("文件中没有数据行。")])
    missing = [h for h in sheet.required if h not in headers]
    unknown = [h for h in headers if h and h not in sheet.headers]
    if missing or unknown:
        raise ImportRefused([_("表头不正确：第一行应为“%(h)s”（带*者必填）。") % {"h": "、".join(sheet.headers)}])
    found = False
    for number, values in enumerate(rows, start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        if number > MAX_ROWS + 1:
            raise ImportRefused([_("文件行数过多：一次最多导入%(n)d行。") % {"n": MAX_ROWS}])
        found = True
        yield number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
    workbook.close()
    if not found:
        raise ImportRefused([_("文件中没有数据行。")])


def _choice(value: str, choices: Iterable[tuple[str, Any]]) -> str | None:
    """A choice by its code or its Chinese label; None when neither matches."""
    for code, label in choices:
        if value in (code, str(label)):
            return code
    return None


# --- units -----------------------------------------------------------------------------------


def validate_units(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[str]]:
    errors: list[str] = []
    codes = [r.get("编码", "") for _n, r in rows]
    parent_codes = {r.get("上级单位编码", "") for _n, r in rows} - {""}
    existing = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
    alive_parents = set(Unit.objects.alive().filter(code__in=parent_codes).values_list("code", flat=True))
    classes = {c.name: c for c in AssessmentClass.objects.all()}
    first_row: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for number, r in rows:
        row_errors: list[str] = []
        code, name, parent = r.get("编码", ""), r.get("名称", ""), r.get("上级单位编码", "")
        if not code:
            row_errors.append(_("编码不能为空"))
        elif code in first_row:
            row_errors.append(_("编码“%(c)s”与第%(n)d行重复") % {"c": code, "n": first_row[code]})
        elif code in existing:
            row_errors.append(_("编码“%(c)s”已被现有单位使用") % {"c": code})
        first_row.setdefault(code, number)
        if not name:
            row_errors.append(_("名称不能为空"))
        if parent and parent not in alive_parents and parent not in codes:
            row_errors.append(_("上级单位编码“%(c)s”不存在") % {"c": parent})
        if parent and parent == code:
            row_errors.append(_("上级单位不能是自己"))
        level = _choice(r.get("级别", ""), UnitLevel.choices) if r.get("级别") else UnitLevel.COUNTY
        if level is None:
            row_errors.append(_("级别应为：%(v)s") % {"v": "、".join(str(label) for _c, label in UnitLevel.choices)})
        kind = _choice(r.get("类型", ""), UnitKind.choices) if r.get("类型") else UnitKind.DEPARTMENT
        if kind is None:
            row_errors.append(_("类型应为：%(v)s") % {"v": "、".join(str(label) for _c, label in UnitKind.choices)})
        klass = None
        if r.get("考核类别"):
            klass = classes.get(r["考核类别"])
            if klass is None:
                row_errors.append(_("考核类别“%(c)s”不存在") % {"c": r["考核类别"]})
        order = r.get("排序") or "0"
        if not (order.isascii() and order.isdigit() and len(order) <= 10) or int(order) > MAX_ORDER:
            row_errors.append(_("排序应为非负整数"))
        if row_errors:
            errors.append(_("第%(n)d行：%(e)s") % {"n": number, "e": "；".join(row_errors)})
            continue
        out.append(
            {
                "code": code,
                "name": name,
                "short_name": r.get("简称", ""),
                "parent_code": parent or None,
                "level": level,
                "kind": kind,
                "assessment_class": klass,
                "order": int(order),
            }
        )
    if not errors:
        errors = _cycle_errors(rows, alive_parents)
    return out, errors


def _cycle_errors(rows: list[tuple[int, dict[str, str]]], alive_parents: set[str]) -> list[str]:
    """Rows whose parents only point at each other (A under B, B under A) can never be placed."""
    placed = set(alive_parents)
    pending = {r["编码"]: (n, r.get("上级单位编码", "")) for n, r in rows}
    progress = True
    while pending and progress:
        ready = [c for c, (_n, p) in pending.items() if not p or p in placed]
        placed.update(ready)
        for c in ready:
            del pending[c]
        progress = bool(ready)
    return [_("第%(n)d行：上级单位关系成环，无法确定位置") % {"n": n} for n, _p in sorted(pending.values())]


# --- people ----------------------------------------------------------------------------------


def _roles(text: str) -> tuple[list[str], list[str]]:
    for sep in ROLE_SEPARATORS[1:]:
        text = text.replace(sep, ROLE_SEPARATORS[0])
    roles: list[str] = []
    bad: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(ROLE_SEPARATORS[0]))):
        role = _choice(part, Role.choices)
        (roles if role else bad).append(role or part)
    return roles, bad


def validate_people(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[dict[str, Any]], list[str]]:
    errors: list[str] = []
    usernames = [r.get("用户名", "") for _n, r in rows]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    units = {u.code: u for u in Unit.objects.alive().filter(code__in={r.get("单位编码", "") for _n, r in rows})}
    first_row: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for number, r in rows:
        row_errors: list[str] = []
        username, name, unit_code = r.get("用户名", ""), r.get("姓名", ""), r.get("单位编码", "")
        if not username:
            row_errors.append(_("用户名不能为空"))
        elif username in first_row:
            row_errors.append(_("用户名“%(u)s”与第%(n)d行重复") % {"u": username, "n": first_row[username]})
        elif username in existing:
            row_errors.append(_("用户名“%(u)s”已存在") % {"u": username})
        elif len(username) > 150 or any(c.isspace() for c in username):
            row_errors.append(_("用户名不能含空格，且不超过150个字符"))
        first_row.setdefault(username, number)
        if not name:
            row_errors.append(_("姓名不能为空"))
        unit = units.get(unit_code)
        if unit is None:
            row_errors.append(_("单位编码“%(c)s”不存在") % {"c": unit_code} if unit_code else _("单位编码不能为空"))
        email = r.get("电子邮箱", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(_("电子邮箱“%(e)s”格式不正确") % {"e": email})
        roles, bad = _roles(r.get("角色", ""))
        if bad:
            row_errors.append(_("未知角色：%(r)s") % {"r": "、".join(bad)})
        if set(roles) & ADMIN_ROLES:
            row_errors.append(_("管理员角色不能通过导入分配，请由安全管理员逐个分配"))
        if row_errors:
            errors.append(_("第%(n)d行：%(e)s") % {"n": number, "e": "；".join(row_errors)})
            continue
        out.append(
            {
                "username": username,
                "display_name": name,
                "unit": unit,
                "phone": r.get("电话", ""),
                "title": r.get("职务", ""),
                "email": email,
                "roles": list(dict.fromkeys(roles)),
            }
        )
    return out, errors


# --- import entry point ----------------------------------------------------------------------


def import_file(user: Any, kind: str, file: IO[bytes]) -> ImportResult:
    """Check every row, then create everything in one transaction, or refuse the whole file."""
    from .permissions import require_org_manager

    require_org_manager(user)  # refuse before reading anything
    rows = list(read_rows(kind, file))
    validate = validate_units if kind == "units" else validate_people
    clean, errors = validate(rows)
    if errors:
        raise ImportRefused(errors)
    try:
        if kind == "units":
            return ImportResult(count=len(actions.bulk_create_units(user, clean)))
        # No shared password: each account waits for its own sealed letter or one-time link.
        people = actions.bulk_create_people(user, clean, password_hash=make_password(None))
        return ImportResult(count=len(people), person_ids=[p.pk for p in people])
    except PermissionRefused:
        raise
    except DomainError as exc:  # a clash that appeared between checking and writing
        raise ImportRefused([exc.message]) from None


# --- writing ---------------------------------------------------------------------------------


def _workbook(kind: str, rows: Iterable[Iterable[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(SHEETS[kind].title))
    required = SHEETS[kind].required
    sheet.append([f"{h}*" if h in required else h for h in SHEETS[kind].headers])
    for row in rows:
        sheet.append(safe_row(row))
    if kind in {"units", "people"}:
        _notes_sheet(workbook, kind)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _notes_sheet(workbook: Workbook, kind: str) -> None:
    notes = workbook.create_sheet(_("填写说明"))
    notes.append([_("带*的列必填；第一张工作表的第一行是表头，请勿修改。")])
    notes.append([_("任何一行有错误时整个文件都不会导入，错误会按行号列出。")])
    if kind == "units":
        notes.append([_("上级单位编码：系统中已有单位的编码，或本文件中其他行的编码；留空为顶级单位。")])
        notes.append([_("级别可填：%(v)s") % {"v": "、".join(str(label) for _c, label in UnitLevel.choices)}])
        notes.append([_("类型可填：%(v)s") % {"v": "、".join(str(label) for _c, label in UnitKind.choices)}])
        classes = "、".join(AssessmentClass.objects.values_list("name", flat=True)) or "—"
        notes.append([_("考核类别可填：%(v)s") % {"v": classes}])
    else:
        labels = "、".join(str(label) for code, label in Role.choices if code not in ADMIN_ROLES)
        notes.append([_("角色可填（多个用顿号分隔）：%(v)s") % {"v": labels}])
        notes.append([_("导入的人员没有初始密码：导入完成后打印每人的密码通知书，或在人员页面生成一次性链接。")])
        notes.append([_("管理员角色不导入也不导出，由安全管理员逐个分配。")])


def template(kind: str) -> bytes:
    return _workbook(kind, [])


def export_units(units: QuerySet[Unit]) -> bytes:
    """The same columns as the import template, parents before children (re-importable)."""
    # Labels looked up once: get_FOO_display() per row would translate every choice each time.
    levels = {code: str(label) for code, label in UnitLevel.choices}
    kinds = {code: str(label) for code, label in UnitKind.choices}
    columns = ("code", "name", "short_name", "parent__code", "level", "kind", "assessment_class__name", "order")
    rows = (
        (code, name, short, parent or "", levels.get(level, level), kinds.get(kind, kind), klass or "", order)
        for code, name, short, parent, level, kind, klass, order in units.order_by("path")
        .values_list(*columns)
        .iterator(chunk_size=5000)
    )
    return _workbook("units", rows)


def export_people(people: QuerySet[User]) -> bytes:
    labels = {code: str(label) for code, label in Role.choices}
    rows = (
        (
            p.username,
            p.display_name,
            p.unit.code if p.unit else "",
            p.phone,
            p.title,
            p.email,
            # Admin roles are left out: they cannot be imported (the security admin grants them).
            "、".join(labels[r.role] for r in sorted(p.roles.all(), key=lambda r: r.role) if r.role not in ADMIN_ROLES),
        )
        for p in people.select_related("unit").prefetch_related("roles").iterator(chunk_size=2000)
    )
    return _workbook("people", rows)
