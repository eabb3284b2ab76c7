"""Concurrent appends keep one chain: two processes writing audit rows at the same time against a
real database (a file on SQLite, a scratch database on PostgreSQL) leave a chain that verifies."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
WRITER = """
from django.db import transaction
from xinbao.audit.actions import record
for i in range(40):
    with transaction.atomic():
        record(None, "test.concurrent", object_type="test", object_id=f"{NAME}-{i}", object_repr=NAME)
"""


def _database_url(tmp_path: Path) -> tuple[str, object]:
    """A fresh database for the writers, and a function that drops it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'chain.sqlite3'}", lambda: None
    import psycopg

    params = connection.get_connection_params()
    name = f"xinbao_chain_{uuid.uuid4().hex[:8]}"
    admin = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = admin.get("user") or "postgres"
    password = f":{admin['password']}" if admin.get("password") else ""
    host, port = admin.get("host") or "127.0.0.1", admin.get("port") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}", drop


def test_two_writers_at_once_leave_one_valid_chain(tmp_path, db):
    url, drop = _database_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "XINBAO_VAR_DIR": str(tmp_path)}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
        writers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", f"NAME = 'w{n}'\n{WRITER}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(2)
        ]
        for writer in writers:
            _out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
        result = subprocess.run(
            [sys.executable, "manage.py", "audit_verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "共 80 条" in result.stdout
    finally:
        drop()
