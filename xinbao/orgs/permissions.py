"""Who may do what in ``orgs``: one function per duty, used by actions, views and the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from xinbao.core.errors import PermissionRefused

from .roles import ADMIN_ROLES, Role


def require_role(user: Any, *roles: str, message: str | None = None) -> None:
    """Refuse unless ``user`` (None = the system itself) holds one of ``roles``."""
    if user is None:
        return
    if not user.is_authenticated or not user.has_role(*roles):
        raise PermissionRefused(message or _("您没有执行此操作的权限。"))


def can_manage_org(user: Any) -> bool:
    return user is None or user.has_role(Role.SYSTEM_ADMIN)


def require_org_manager(user: Any) -> None:
    require_role(user, Role.SYSTEM_ADMIN, message=_("只有系统管理员可以维护单位和人员。"))


def require_security_admin(user: Any) -> None:
    require_role(user, Role.SECURITY_ADMIN, message=_("只有安全管理员可以分配角色、重置密码或解除锁定。"))


def require_audit_reader(user: Any) -> None:
    require_role(user, Role.AUDIT_ADMIN, message=_("只有审计管理员可以查阅审计记录。"))


def can_read_people(user: Any) -> bool:
    # The admins who maintain accounts, and hub staff (the people of their own office).
    return user.has_role(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.HUB_EDITOR, Role.HUB_CHIEF, Role.HUB_DIRECTOR)


def require_people_reader(user: Any) -> None:
    if not can_read_people(user):
        raise PermissionRefused(_("您没有查看人员名册的权限。"))


def role_set_problem(roles: Iterable[str]) -> str | None:
    """三员分立 for one account's roles: at most one admin role, and an admin holds no business role."""
    roles = set(roles)
    admin = roles & ADMIN_ROLES
    if len(admin) > 1:
        return _("三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任。")
    if admin and roles - ADMIN_ROLES:
        return _("三员分立：管理员账号不能同时担任业务角色（信息员、编辑、领导等）。")
    return None


def check_role_set(roles: Iterable[str]) -> None:
    problem = role_set_problem(roles)
    if problem:
        raise PermissionRefused(problem)


def can_edit_person(user: Any, person: Any) -> bool:
    """Edit, move, deactivate: the system admin, except the security and audit admins' accounts."""
    if not can_manage_org(user):
        return False
    return user is None or person.pk == user.pk or not person.has_role(Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def can_manage_security_state(user: Any, person: Any) -> bool:
    """Reset a password, unlock: the security admin, never on their own account."""
    return user.has_role(Role.SECURITY_ADMIN) and person.pk != user.pk


def can_change_roles_of(user: Any, person: Any) -> bool:
    """Grant or revoke roles (授权): the security admin, never on their own account."""
    return user.has_role(Role.SECURITY_ADMIN) and person.pk != user.pk
