"""The hash chain, the triggers behind it, ``audit_verify`` and ``audit_purge``."""

import datetime
import io
import itertools

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from openpyxl import load_workbook

from xinbao.audit import chain
from xinbao.audit.actions import bulk_record, record
from xinbao.audit.models import AuditRecord
from xinbao.audit.purge import purge_anchors
from xinbao.orgs import actions


def verify_output():
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    """Run SQL with the append-only triggers out of the way, as an attacker with the DBA's rights would."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
            cursor.execute("DROP TRIGGER audit_no_replace")
        else:
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_no_change")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_no_change")
    # (SQLite: the dropped triggers are back after the test's transaction rolls back.)


def some_rows(city):
    actions.update_unit(city.sysadmin, city.township, short_name="城关")
    actions.grant_role(city.secadmin, city.officer, "signer")
    actions.update_person(city.sysadmin, city.officer, phone="0571-1", title="=1+1")
    return list(AuditRecord.objects.order_by("id"))


def test_every_row_links_to_the_one_before(city):
    rows = some_rows(city)
    assert all(r.hash and len(r.hash) == 64 for r in rows)
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.hash
    assert rows[0].prev_hash == ""
    verdict = chain.verify()
    assert verdict.ok and verdict.checked == len(rows) and verdict.head_id == rows[-1].id
    assert "哈希链完整" in verify_output()


def test_bulk_rows_are_chained_in_order(city):
    units = [actions.create_unit(None, name=f"批量{i}", code=f"BULK{i}", parent=city.county) for i in range(3)]
    bulk_record(city.sysadmin, "orgs.import_unit", units, ("name", "code"))
    assert chain.verify().ok


@pytest.mark.parametrize(
    ("tamper", "what"),
    [
        ("UPDATE audit_auditrecord SET actor_name = '别人' WHERE id = %s", "changed"),
        ("DELETE FROM audit_auditrecord WHERE id = %s", "removed"),
    ],
)
def test_tampering_behind_the_triggers_is_reported(city, tamper, what):
    rows = some_rows(city)
    victim = rows[len(rows) // 2]
    raw(tamper, [victim.pk])
    verdict = chain.verify()
    # A changed row breaks at itself; a removed one at the row after it.
    expected = victim.pk if what == "changed" else rows[len(rows) // 2 + 1].pk
    assert verdict.broken_id == expected
    with pytest.raises(CommandError, match=f"第一处断链在记录 #{expected}"):
        verify_output()


def test_removing_the_first_rows_is_reported(city):
    rows = some_rows(city)
    raw("DELETE FROM audit_auditrecord WHERE id = %s", [rows[0].pk])
    verdict = chain.verify()
    assert verdict.broken_id == rows[1].pk and "start" in verdict.reason


def test_a_rewritten_row_with_a_recomputed_hash_still_breaks_the_next_link(city):
    rows = some_rows(city)
    victim = AuditRecord.objects.get(pk=rows[1].pk)
    victim.actor_name = "别人"
    forged = chain.link_hash(victim.prev_hash, victim)
    raw("UPDATE audit_auditrecord SET actor_name = '别人', hash = %s WHERE id = %s", [forged, victim.pk])
    assert chain.verify().broken_id == rows[2].pk


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's INSERT OR REPLACE")
def test_insert_or_replace_is_refused_on_sqlite(city):
    row = record(city.sysadmin, "test.thing", city.township)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT OR REPLACE INTO audit_auditrecord (id, at, actor_name, unit_name, action, object_type,"
            " object_id, object_repr, ip, prev_hash, hash) VALUES (%s, '2026-01-01', '别人', '', 'x', '', '', '',"
            " '', '', '')",
            [row.pk],
        )
    assert AuditRecord.objects.get(pk=row.pk).actor_name == "测试sysadmin"


def test_upsert_is_refused(city):
    row = record(city.sysadmin, "test.thing", city.township)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditrecord (id, at, actor_name, unit_name, action, object_type, object_id,"
            " object_repr, ip, prev_hash, hash) VALUES (%s, '2026-01-01', '别人', '', 'x', '', '', '', '', '', '')"
            " ON CONFLICT (id) DO UPDATE SET actor_name = '别人'",
            [row.pk],
        )
    assert AuditRecord.objects.get(pk=row.pk).actor_name == "测试sysadmin"


def test_the_append_only_triggers_exist(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditrecord'")
            expected = {"audit_no_update", "audit_no_delete", "audit_no_replace"}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditrecord'::regclass AND NOT tgisinternal"
            )
            expected = {"audit_no_change", "audit_no_truncate"}
        assert {name for (name,) in cursor.fetchall()} == expected


# --- retention and purge ------------------------------------------------------------------------


@pytest.fixture
def old_city(db):
    """The small city built in January 2025, changed once then and once in March 2026."""
    from xinbao.orgs.testing import build_small_city

    with time_machine.travel("2025-01-10 09:00 +0800", tick=False):
        city = build_small_city()
        actions.update_unit(city.sysadmin, city.township, short_name="旧一")
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        actions.update_unit(city.sysadmin, city.township, short_name="新")
    return city


def test_purge_exports_then_deletes_and_the_chain_still_verifies(old_city, tmp_path, settings):
    settings.XINBAO_AUDIT_RETENTION_DAYS = 180
    total = AuditRecord.objects.count()
    older = AuditRecord.objects.filter(at__lt=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)).count()
    target = tmp_path / "audit-2025.xlsx"
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        out = io.StringIO()
        call_command("audit_purge", "--before", "2025-06-01", "--export", str(target), stdout=out)
    assert "已导出并清理审计记录" in out.getvalue()
    sheet = load_workbook(target).worksheets[0]
    exported = list(sheet.iter_rows(values_only=True))[1:]
    assert len(exported) == older and any(row[8] == "简称：旧一" for row in exported)
    # Gone from the table, the purge itself audited, and the rest still a valid chain.
    assert AuditRecord.objects.count() == total - older + 1
    purge_row = AuditRecord.objects.get(action="audit.purge")
    assert purge_row.new_values["count"] == older and purge_row.new_values["file"] == "audit-2025.xlsx"
    assert purge_anchors() == [purge_row.new_values["last_hash"]]
    assert "哈希链完整" in verify_output()
    assert AuditRecord.objects.filter(new_values__short_name="新").exists()
    # The triggers are back.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord")


def test_purge_refuses_rows_inside_the_retention_period(old_city, tmp_path, settings):
    before = AuditRecord.objects.count()
    settings.XINBAO_AUDIT_RETENTION_DAYS = 365
    with (
        time_machine.travel("2026-03-02 09:00 +0800", tick=False),
        pytest.raises(CommandError, match="只能清理2025-03-02之前的审计记录"),
    ):
        call_command("audit_purge", "--before", "2025-06-01", "--export", str(tmp_path / "a.xlsx"))
    assert AuditRecord.objects.count() == before and not (tmp_path / "a.xlsx").exists()


def test_purge_refuses_a_retention_under_six_months(city, tmp_path, settings):
    settings.XINBAO_AUDIT_RETENTION_DAYS = 30
    with pytest.raises(CommandError, match="不能少于180天"):
        call_command("audit_purge", "--before", "2020-01-01", "--export", str(tmp_path / "a.xlsx"))
    from django.core.checks import run_checks

    assert "xinbao.E001" in {e.id for e in run_checks()}


def test_purge_refuses_an_existing_export_file_and_bad_dates(city, tmp_path):
    existing = tmp_path / "a.xlsx"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="已存在"):
        call_command("audit_purge", "--before", "2020-01-01", "--export", str(existing))
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError, match="应为日期"):
        call_command("audit_purge", "--before", "2020-02-31", "--export", str(tmp_path / "b.xlsx"))


def test_a_forged_purge_start_is_not_accepted(city):
    rows = some_rows(city)
    # Remove the first rows behind the triggers' back, without an audit.purge row to vouch for it.
    raw("DELETE FROM audit_auditrecord WHERE id <= %s", [rows[1].pk])
    assert not chain.verify(purge_anchors=purge_anchors()).ok
