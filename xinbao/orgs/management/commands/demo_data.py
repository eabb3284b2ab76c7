"""``manage.py demo_data``: build the demo city once, let other apps add their demo content,
and print one login per role. Running it again changes nothing and prints the logins again."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from xinbao.orgs import demo
from xinbao.orgs.roles import Role


class Command(BaseCommand):
    help = "载入演示数据（江州市），并打印各角色的登录账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1:8000", help="打印的登录地址（主机:端口）")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_exists():
            city = demo.load_demo_city()
            self.stdout.write("演示数据已存在，未重复载入。")
        else:
            with transaction.atomic():
                city = demo.build_demo_city()
                for app in settings.XINBAO_APPS:
                    extend = _demo_extension(app)
                    if extend is not None:
                        extend(city)
            self.stdout.write(self.style.SUCCESS("演示数据已载入：江州市（8个县区）。"))
        self._print_logins(city, options["host"])

    def _print_logins(self, city: demo.DemoCity, host: str) -> None:
        self.stdout.write("")
        self.stdout.write(f"登录地址 http://{host}/   统一演示密码：{demo.DEMO_PASSWORD}")
        self.stdout.write("角色                 用户名")
        for role in Role:
            username = city.logins.get(role.value)
            if username:
                self.stdout.write(f"  {role.label!s:<14} {username}")
        self.stdout.write("  市委信息科编辑     shi_bianji   （接收县区转报）")
        self.stdout.write("")


def _demo_extension(app: str) -> Any:
    try:
        module = importlib.import_module(f"{app}.demo")
    except ModuleNotFoundError as exc:
        if exc.name == f"{app}.demo":
            return None
        raise
    return getattr(module, "extend_demo", None)
