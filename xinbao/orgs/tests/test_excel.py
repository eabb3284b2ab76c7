"""Excel import/export: all or nothing, row-numbered errors, bad files refused, round trip."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xinbao.audit.models import AuditRecord
from xinbao.orgs import excel
from xinbao.orgs.models import AssessmentClass, Unit, User, UserRole

UNIT_HEADERS = ["编码*", "名称*", "简称", "上级单位编码", "级别", "类型", "考核类别", "排序"]
PEOPLE_HEADERS = ["用户名*", "姓名*", "单位编码*", "电话", "职务", "电子邮箱", "角色"]


def xlsx(*rows, name="data.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=excel.XLSX_MIME)


def upload(client, kind, file):
    return client.post(f"/orgs/import/{kind}/", {"file": file})


def test_units_import_creates_tree_with_paths_and_audit(city, login):
    AssessmentClass.objects.create(name="一类")
    file = xlsx(
        UNIT_HEADERS,
        # A child listed before its parent is fine: parents are placed first.
        ["QH-T05-C1", "双河社区", "", "QH-T05", "", "社区", "", ""],
        ["QH-T05", "清河双河镇", "双河", "QH", "乡", "乡镇", "一类", 5],
    )
    response = upload(login(city.sysadmin), "units", file)
    assert response.status_code == 200 and response.context["result"].count == 2
    town = Unit.objects.get(code="QH-T05")
    community = Unit.objects.get(code="QH-T05-C1")
    county = Unit.objects.get(code="QH")
    assert town.path == f"{county.path}{town.pk:08d}/" and town.depth == 3
    assert community.path == f"{town.path}{community.pk:08d}/" and community.depth == 4
    assert town.level == "township" and town.kind == "township" and town.assessment_class.name == "一类"
    assert community.kind == "community" and community.level == "county"  # level left empty: the default
    assert AuditRecord.objects.filter(action="orgs.import_unit", actor=city.sysadmin).count() == 2


def test_one_bad_row_refuses_the_whole_units_file(city, login):
    before = Unit.objects.count()
    file = xlsx(
        UNIT_HEADERS,
        ["NEW-1", "新单位一", "", "QH", "县", "部门", "", ""],
        ["NEW-2", "新单位二", "", "NOPE", "县", "部门", "", ""],
        ["QH-T01", "", "", "QH", "省级", "部门", "", "x"],
    )
    response = upload(login(city.sysadmin), "units", file)
    errors = response.context["errors"]
    assert errors == [
        "第3行：上级单位编码“NOPE”不存在",
        "第4行：编码“QH-T01”已被现有单位使用；名称不能为空；级别应为：省、市、县、乡；排序应为非负整数",
    ]
    assert "文件未导入" in response.content.decode()
    assert Unit.objects.count() == before
    assert not AuditRecord.objects.filter(action="orgs.import_unit", actor=city.sysadmin).exists()


def test_duplicate_codes_and_cycles_are_reported(city):
    rows = list(
        excel.read_rows(
            "units",
            xlsx(UNIT_HEADERS, ["A1", "甲", "", "B1"], ["B1", "乙", "", "A1"], ["A1", "丙"]),
        )
    )
    _clean, errors = excel.validate_units(rows)
    assert errors == ["第4行：编码“A1”与第2行重复"]
    _clean, errors = excel.validate_units(rows[:2])
    assert errors == ["第2行：上级单位关系成环，无法确定位置", "第3行：上级单位关系成环，无法确定位置"]


def test_people_import_all_or_nothing(city, login):
    client = login(city.sysadmin)
    bad = xlsx(
        PEOPLE_HEADERS,
        ["wang1", "王一", "QH-T01", "13900000000", "", "", "信息员"],
        ["wang2", "王二", "QH-T01", "", "", "not-an-email", "信息员、系统管理员"],
        ["officer", "重名", "ZZZ", "", "", "", "厨师"],
    )
    response = upload(client, "people", bad)
    assert response.context["errors"] == [
        "第3行：电子邮箱“not-an-email”格式不正确；管理员角色不能通过导入分配，请由安全管理员逐个分配",
        "第4行：用户名“officer”已存在；单位编码“ZZZ”不存在；未知角色：厨师",
    ]
    assert not User.objects.filter(username__in=["wang1", "wang2"]).exists()

    good = xlsx(
        PEOPLE_HEADERS,
        ["wang1", "王一", "QH-T01", 13900000000, "", "", "信息员、单位签发人"],
        ["wang2", "王二", "QH-T02", "", "副主任", "w2@example.cn", "signer"],
    )
    response = upload(client, "people", good)
    result = response.context["result"]
    wang1 = User.objects.get(username="wang1")
    assert result.count == 2 and wang1.pk in result.person_ids
    # No shared password: the accounts have none until each gets a sealed letter or link.
    assert wang1.phone == "13900000000" and wang1.must_change_password and not wang1.has_usable_password()
    assert 'data-testid="initial-letters"' in response.content.decode()
    assert set(UserRole.objects.filter(user=wang1).values_list("role", flat=True)) == {"officer", "signer"}
    assert AuditRecord.objects.filter(action="orgs.import_person", actor=city.sysadmin).count() == 2


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("a.xlsx", b"this is not a spreadsheet"), "文件不是有效的 Excel（.xlsx）文件"),
        (SimpleUploadedFile("a.csv", "编码,名称\nA,甲\n".encode()), "文件不是有效的 Excel（.xlsx）文件"),
        ("wrong-headers", "表头不正确"),
        ("empty", "文件中没有数据行。"),
        ("headers-only", "文件中没有数据行。"),
    ],
)
def test_bad_files_get_a_chinese_message(city, login, file, message):
    if file == "wrong-headers":
        file = xlsx(["code", "name"], ["A", "甲"])
    elif file == "empty":
        file = xlsx()
    elif file == "headers-only":
        file = xlsx(UNIT_HEADERS, [None, None])
    before = Unit.objects.count()
    response = upload(login(city.sysadmin), "units", file)
    assert any(message in e for e in response.context["errors"])
    assert Unit.objects.count() == before


def test_template_and_export_round_trip(city, login):
    client = login(city.sysadmin)
    template = load_workbook(io.BytesIO(client.get("/orgs/import/units/template.xlsx").content))
    assert [c.value for c in template.worksheets[0][1]] == UNIT_HEADERS
    assert template.worksheets[1].title == "填写说明"
    exported = client.get("/orgs/export/units.xlsx")
    assert exported["Content-Type"] == excel.XLSX_MIME
    rows = list(load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == tuple(UNIT_HEADERS)
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["QH-T01"][:6] == ("QH-T01", "清河城关镇", None, "QH", "乡", "乡镇")
    assert len(by_code) == Unit.objects.alive().count()
    # Exported rows validate cleanly once their codes are free (e.g. into a fresh system).
    people = load_workbook(io.BytesIO(client.get("/orgs/export/people.xlsx").content)).worksheets[0]
    header, *people_rows = list(people.iter_rows(values_only=True))
    assert header == tuple(PEOPLE_HEADERS)
    assert ("officer", "测试officer", "QH-T01", None, None, None, "信息员") in people_rows


def test_only_system_admin_imports(city, login):
    file = xlsx(UNIT_HEADERS, ["NEW-1", "新单位一", "", "QH"])
    assert upload(login(city.secadmin), "units", file).status_code == 403
    assert not Unit.objects.filter(code="NEW-1").exists()


def test_people_export_reimports_into_a_fresh_system(city, login):
    """Export, then (codes freed as in an empty system) the rows validate cleanly, admins included."""
    exported = login(city.sysadmin).get("/orgs/export/people.xlsx").content
    rows = list(excel.read_rows("people", io.BytesIO(exported)))
    admin_row = next(r for _n, r in rows if r["用户名"] == "sysadmin")
    assert admin_row["角色"] == ""  # admin roles are not exported
    clean, errors = excel.validate_people([(n, {**r, "用户名": r["用户名"] + "_new"}) for n, r in rows])
    assert errors == [] and len(clean) == User.objects.count()
