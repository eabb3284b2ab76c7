"""System checks (``manage.py check``, run at every start) for the security settings."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

# 等保2.0 三级 asks for audit records kept at least six months.
MIN_AUDIT_RETENTION_DAYS = 180


@register()
def security_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    retention = getattr(settings, "XINBAO_AUDIT_RETENTION_DAYS", MIN_AUDIT_RETENTION_DAYS)
    if retention < MIN_AUDIT_RETENTION_DAYS:
        errors.append(
            Error(
                f"XINBAO_AUDIT_RETENTION_DAYS={retention}：审计记录至少保存{MIN_AUDIT_RETENTION_DAYS}天（6个月）。",
                hint=f"Set XINBAO_AUDIT_RETENTION_DAYS to {MIN_AUDIT_RETENTION_DAYS} or more.",
                id="xinbao.E001",
            )
        )
    for entry in getattr(settings, "XINBAO_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"XINBAO_TRUSTED_PROXIES 中的“{entry}”不是IP地址或网段。",
                    hint="Use addresses or CIDR networks, comma-separated, e.g. 127.0.0.1,10.0.0.0/24.",
                    id="xinbao.E002",
                )
            )
    if getattr(settings, "XINBAO_PASSWORD_MAX_AGE_DAYS", 0) < 0 or getattr(settings, "XINBAO_PASSWORD_HISTORY", 0) < 0:
        errors.append(Error("XINBAO_PASSWORD_MAX_AGE_DAYS 和 XINBAO_PASSWORD_HISTORY 不能为负数。", id="xinbao.E003"))
    return errors
