"""Backup and restore as docs/security.md prescribes for SQLite: the database through SQLite's
online backup API plus a copy of the media folder give back every attachment, byte for byte.

A real site is used: a file database migrated and filled by ``manage.py`` in another process (the
test database lives inside an open transaction, which SQLite's backup cannot copy)."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FILL = """
from django.core.files.uploadedfile import SimpleUploadedFile
from xinbao.items import actions
from xinbao.orgs.testing import build_small_city
city = build_small_city()
item = actions.create_draft(city.officer, category="news", title="附件备份", body="正文")
for name, content in FILES.items():
    actions.add_attachment(city.officer, item, SimpleUploadedFile(name, content))
"""
FILES = {
    "调研报告.pdf": b"%PDF-1.4 \xe8\xb0\x83\xe7\xa0\x94" + bytes(range(256)),
    "现场照片.png": b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)) * 4,
    "说明.txt": "一、基本情况。\n二、下一步打算。\n".encode(),
}


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_sqlite_backup_with_media_restores_every_attachment(tmp_path):
    live = tmp_path / "live"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{live / 'xinbao.sqlite3'}",
        "XINBAO_VAR_DIR": str(live),
        "XINBAO_MEDIA_ROOT": str(live / "media"),
        "XINBAO_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    manage(env, "migrate", "-v0")
    manage(env, "shell", "-c", f"FILES = {FILES!r}\n{FILL}")

    # Backup: the database with SQLite's online backup (safe while the site writes), then media.
    backup = tmp_path / "backup"
    backup.mkdir()
    source, target = sqlite3.connect(live / "xinbao.sqlite3"), sqlite3.connect(backup / "xinbao.sqlite3")
    source.backup(target)
    source.close()
    target.close()
    shutil.copytree(live / "media", backup / "media")
    shutil.rmtree(live)  # the machine is lost

    # Restore elsewhere: the two pieces side by side, read back.
    restored = tmp_path / "restored"
    shutil.copytree(backup, restored)
    database = sqlite3.connect(restored / "xinbao.sqlite3")
    rows = database.execute("SELECT name, file, size FROM items_attachment ORDER BY id").fetchall()
    database.close()
    assert [name for name, _file, _size in rows] == list(FILES)
    for name, path, size in rows:
        content = (restored / "media" / path).read_bytes()
        assert size == len(FILES[name]) and sha(content) == sha(FILES[name]), name

    # The restored site runs, and its audit chain is intact.
    env.update(
        DATABASE_URL=f"sqlite:///{restored / 'xinbao.sqlite3'}",
        XINBAO_VAR_DIR=str(restored),
        XINBAO_MEDIA_ROOT=str(restored / "media"),
    )
    manage(env, "audit_verify")
