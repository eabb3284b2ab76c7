"""The hash chain (prev_hash, hash; rows already written are chained in id order) and, on SQLite,
a trigger that stops INSERT OR REPLACE from overwriting a row.

SQLite cannot alter a column in place: Django rebuilds the table, which drops its triggers. So
the last step creates all of them again (any later migration of this table must do the same;
xinbao/audit/tests/test_chain.py checks that they exist).
"""

import datetime
import hashlib
import json

import django.utils.timezone
from django.db import migrations, models

FIELDS = (
    "actor_id",
    "actor_name",
    "unit_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "old_values",
    "new_values",
    "ip",
)
SQLITE_NO_REPLACE = (
    "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_auditrecord "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_auditrecord WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)
SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)
SQLITE_NO_DELETE = (
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditrecord "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
)
SQLITE_TRIGGERS = {"audit_no_update": SQLITE_NO_UPDATE, "audit_no_delete": SQLITE_NO_DELETE}


def _normal(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _hash(prev, row):
    # The same formula as xinbao/audit/chain.py at the time of this migration.
    at = row.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    content = {"at": at, **{name: _normal(getattr(row, name)) for name in FIELDS}}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{text}".encode()).hexdigest()


def chain_existing_rows(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    vendor = schema_editor.connection.vendor
    if not AuditRecord.objects.exists():
        return
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_no_change;")
    prev = ""
    for row in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        digest = _hash(prev, row)
        # The historical model's queryset has no append-only guard; the triggers are off here.
        AuditRecord.objects.filter(pk=row.pk).update(prev_hash=prev, hash=digest)
        prev = digest
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_no_change;")


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, sql in {**SQLITE_TRIGGERS, "audit_no_replace": SQLITE_NO_REPLACE}.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        schema_editor.execute(sql)


def drop_replace_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_replace;")
        for name, sql in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="auditrecord",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="prev_hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="前一条的校验值"),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="校验值"),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(create_sqlite_triggers, drop_replace_trigger),
    ]
