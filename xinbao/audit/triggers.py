"""The append-only triggers of the audit table, by database (created by migrations 0003 and 0004).

``audit_purge`` is the one sanctioned way past them: on SQLite it drops the DELETE trigger and
creates it again inside the purge's own transaction (DDL is transactional there); on PostgreSQL
it disables the trigger for its transaction, which only the table's owner may do — the app's
own role, per deploy/postgres-grants.sql, owns nothing and has no DELETE at all.
"""

from __future__ import annotations

from django.db import connection

MESSAGE = "audit records are append-only"

SQLITE_NO_DELETE = (
    f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditrecord BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
)
# INSERT OR REPLACE would delete the old row without firing the DELETE trigger (SQLite's
# recursive_triggers is off): refuse any insert that names an id already taken.
SQLITE_NO_REPLACE = (
    "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_auditrecord "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_auditrecord WHERE id = NEW.id) "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
)


def allow_delete_sql() -> list[str]:
    if connection.vendor == "sqlite":
        return ["DROP TRIGGER IF EXISTS audit_no_delete;"]
    if connection.vendor == "postgresql":
        return ["ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_no_change;"]
    return []


def forbid_delete_sql() -> list[str]:
    if connection.vendor == "sqlite":
        return [SQLITE_NO_DELETE]
    if connection.vendor == "postgresql":
        return ["ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_no_change;"]
    return []
