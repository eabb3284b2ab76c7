"""``manage.py audit_purge --before 2025-01-01 --export /backup/audit-2024.xlsx``

Exports the audit rows dated before the given day to Excel, then deletes them (never rows
younger than XINBAO_AUDIT_RETENTION_DAYS, at least 180). The purge itself is audited. On
PostgreSQL run it with the database role that owns the tables (see docs/security.md): the app's
everyday role has no DELETE on the audit table.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinbao.audit.purge import purge
from xinbao.core.errors import DomainError


class Command(BaseCommand):
    help = "导出并清理超过保存期限的审计记录。/ Export, then delete audit records past retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, help="YYYY-MM-DD: rows dated before this day")
        parser.add_argument("--export", required=True, help="the .xlsx file to write first (must not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            before = datetime.date.fromisoformat(options["before"])
        except ValueError:
            raise CommandError("--before 应为日期，例如 2025-01-01。 / --before must be YYYY-MM-DD.") from None
        try:
            result = purge(before, Path(options["export"]))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"已导出并清理审计记录 {result.count} 条（#{result.first_id}–#{result.last_id}），"
            f"导出文件 {result.file}，SHA-256 {result.sha256}。"
        )
