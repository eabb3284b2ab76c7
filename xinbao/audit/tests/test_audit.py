"""The audit log: append-only at every layer, readable by the audit admin only, filters, export."""

import datetime
import io

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from openpyxl import load_workbook

from xinbao.audit.actions import record
from xinbao.audit.models import AppendOnlyError, AuditRecord
from xinbao.orgs import actions


def test_model_and_queryset_refuse_update_and_delete(city):
    row = record(city.sysadmin, "test.thing", city.township, new={"a": 1})
    row.action = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=row.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=row.pk).delete()
    assert AuditRecord.objects.get(pk=row.pk).action == "test.thing"


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_auditrecord SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditrecord WHERE id = %s"],
)
def test_database_triggers_refuse_raw_update_and_delete(city, sql):
    row = record(city.sysadmin, "test.thing", city.township)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [row.pk])
    assert AuditRecord.objects.get(pk=row.pk).action == "test.thing"


def test_no_page_or_api_endpoint_writes_the_log(city, login):
    from xinbao.api.api import api

    client = login(city.auditadmin)
    before = AuditRecord.objects.count()
    for url in ("/audit/", "/audit/export.xlsx"):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405
    assert AuditRecord.objects.count() == before
    # The API has no audit routes at all.
    paths = [str(p.pattern) for p in api.urls[0]]
    assert not [p for p in paths if "audit" in p]


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "officer", "county_editor"])
def test_only_the_audit_admin_reads_the_log(city, login, who):
    client = login(city.people[who])
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403


def test_filters_by_who_unit_action_type_and_dates(city, login):
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        actions.update_unit(city.sysadmin, city.township, short_name="城关")
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        actions.grant_role(city.secadmin, city.officer, "signer")
    client = login(city.auditadmin)

    def shown(query):
        return [r.action for r in client.get("/audit/?" + query).context["page_obj"]]

    assert shown("actor=测试sysadmin") == ["orgs.update_unit"]
    assert shown("unit=市委办公室&action=grant") == ["orgs.grant_role"]
    assert shown("type=orgs.user&action=orgs.grant") == ["orgs.grant_role"]
    assert shown("from=2026-03-01&to=2026-03-04") == ["orgs.update_unit"]
    assert shown("from=2026-03-02&to=2026-03-31") == ["orgs.grant_role"]


def test_export_contains_the_filtered_rows(city, login):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        actions.update_unit(city.sysadmin, city.township, short_name="城关")
    response = login(city.auditadmin).get("/audit/export.xlsx?action=update_unit")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    header = ("时间", "操作人", "单位", "操作", "对象类型", "对象编号", "对象", "原值", "新值", "IP地址", "操作代码")
    assert rows[0][:11] == header
    row = AuditRecord.objects.get(action="orgs.update_unit")
    assert rows[1:] == [
        (
            "2026-03-01 10:00:00",
            "测试sysadmin",
            "中共江州市委办公室",
            "修改单位",
            "单位",
            str(city.township.pk),
            "清河城关镇",
            "简称：—",
            "简称：城关",
            None,
            "orgs.update_unit",
            row.pk,
            row.hash,
        )
    ]


def test_log_page_query_count_is_constant(city, login, django_assert_max_num_queries):
    client = login(city.auditadmin)
    with django_assert_max_num_queries(10):
        client.get("/audit/")
    for i in range(60):
        record(city.sysadmin, f"test.{i}", city.township)
    with django_assert_max_num_queries(10):
        client.get("/audit/")


def test_audit_rows_record_actor_ip_and_values(city, login):
    client = login(city.sysadmin)
    client.post(
        f"/orgs/units/{city.township.pk}/edit/",
        {
            "name": "清河城关镇",
            "code": "QH-T01",
            "level": "township",
            "kind": "township",
            "order": 0,
            "has_place": "on",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    row = AuditRecord.objects.get(action="orgs.update_unit")
    assert (row.actor_id, row.actor_name, row.ip) == (city.sysadmin.pk, "测试sysadmin", "10.1.2.3")
    assert (row.old_values, row.new_values) == ({"has_place": False}, {"has_place": True})
