"""``manage.py generate_data --units N --items M [--seed S] [--officers]``: synthetic data at scale."""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from xinbao.core.errors import DomainError
from xinbao.orgs import actions, generate
from xinbao.orgs.models import Channel


class Command(BaseCommand):
    help = "批量生成模拟单位树（及可选的信息员、信息条目），用于性能测试。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=0, help="生成的单位数")
        parser.add_argument("--items", type=int, default=0, help="生成的信息条目数（需要 items 应用的生成器）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成同样的名称）")
        parser.add_argument("--fanout", type=int, default=12, help="每个单位的下级单位数")
        parser.add_argument("--officers", action="store_true", help="为每个单位生成一名已备案的信息员")
        parser.add_argument("--password", default="Xinbao@2026", help="生成的信息员的登录密码")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["units"] < 0 or options["items"] < 0:
            raise CommandError("--units 和 --items 不能为负数。")
        if options["fanout"] < 2:
            raise CommandError("--fanout 至少为 2。")
        if not options["units"] and not options["items"]:
            raise CommandError("请指定 --units 或 --items。")
        if options["units"]:
            self._units(options)
        if options["items"]:
            self._items(options)
        self._refresh_planner_statistics()

    def _refresh_planner_statistics(self) -> None:
        # Right after a bulk insert PostgreSQL has no statistics for the new rows and picks nested
        # loops (900 ms instead of 30 ms for the vacancies page); autovacuum would fix it later.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _units(self, options: dict[str, Any]) -> None:
        count, seed = options["units"], options["seed"]
        start = time.perf_counter()
        tree = generate.build_tree(count, seed=seed, fanout=options["fanout"])
        officers = generate.officer_rows(tree, seed=seed) if options["officers"] else None
        password_hash = make_password(options["password"]) if officers else ""
        with tqdm(total=count, desc="单位", unit="个", disable=options["verbosity"] == 0) as bar:
            try:
                actions.insert_generated_tree(
                    None,
                    tree.units,
                    tree.links,
                    channel=Channel.objects.get(code="party"),
                    officers=officers,
                    password_hash=password_hash,
                    progress=bar.update,
                )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        elapsed = time.perf_counter() - start
        first, last = tree.units[0], tree.units[-1]
        deepest = max(u["depth"] for u in tree.units)
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {count} 个单位（编码 {first['code']} … {last['code']}，最深 {deepest} 级）"
                f"{'及同数量的信息员' if officers else ''}，用时 {elapsed:.1f} 秒。"
            )
        )

    def _items(self, options: dict[str, Any]) -> None:
        try:
            module = importlib.import_module("xinbao.items.generate")
        except ModuleNotFoundError as exc:
            if exc.name != "xinbao.items.generate":
                raise
            self.stdout.write(self.style.WARNING("信息条目生成器（xinbao.items.generate）尚不可用，未生成信息条目。"))
            return
        start = time.perf_counter()
        module.generate_items(count=options["items"], seed=options["seed"], progress=options["verbosity"] > 0)
        self.stdout.write(
            self.style.SUCCESS(f"已生成 {options['items']} 条信息，用时 {time.perf_counter() - start:.1f} 秒。")
        )
