"""Every write in ``orgs``: units, channels, people, roles, roster. Each call is audited."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.actions import own_account_action, write_action
from xinbao.core.audit import bulk_record, changed, record, snapshot
from xinbao.core.errors import DomainError, PermissionRefused

from ..models import (
    LIUYOU_FIELDS,
    AssessmentClass,
    Channel,
    OfficerAssignment,
    PasswordHistory,
    Unit,
    UnitChannel,
    UnitKind,
    UnitLevel,
    UnitMove,
    User,
    UserRole,
)
from ..passwords import link_parts, reused_password, set_password_tokens
from ..permissions import check_role_set, require_org_manager, require_security_admin
from ..roles import ADMIN_ROLES, Role
from ..signals import credentials_reset
from .roster import end_officer_assignment, register_officer, urge_unit  # noqa: F401  (re-exported)

UNIT_FIELDS = ("name", "short_name", "code", "level", "kind", "assessment_class", "order", *LIUYOU_FIELDS)
# "has an officer" follows the roster (register/end an assignment); it is never typed in.
UNIT_EDITABLE = tuple(f for f in UNIT_FIELDS if f != "has_officer")
MAX_ORDER = 2_147_483_647  # the order column is a 32-bit integer on every database
PERSON_FIELDS = ("display_name", "unit", "phone", "title", "email", "leader_level", "sector", "is_active")


# --- Units ------------------------------------------------------------------------------------


def child_path(parent: Unit | None, unit_id: int) -> str:
    # Zero-padded ids make ``ORDER BY path`` a depth-first walk in creation order.
    return f"{parent.path if parent else '/'}{unit_id:08d}/"


def _check_code_free(code: str, exclude_id: int | None = None) -> None:
    if not code.strip():
        raise DomainError(_("单位编码不能为空。"), field="code")
    clash = Unit.objects.filter(code=code)
    if exclude_id:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise DomainError(_("单位编码“%(code)s”已被使用。") % {"code": code}, field="code")


def _check_unit_values(fields: dict[str, Any]) -> None:
    """Choices and numbers that the database alone would not refuse clearly (API input)."""
    if "level" in fields and fields["level"] not in UnitLevel.values:
        raise DomainError(_("级别不正确：%(v)s") % {"v": fields["level"]}, field="level")
    if "kind" in fields and fields["kind"] not in UnitKind.values:
        raise DomainError(_("类型不正确：%(v)s") % {"v": fields["kind"]}, field="kind")
    if "order" in fields and (not isinstance(fields["order"], int) or not 0 <= fields["order"] <= MAX_ORDER):
        raise DomainError(_("排序应为非负整数。"), field="order")
    if "name" in fields and not str(fields["name"]).strip():
        raise DomainError(_("单位名称不能为空。"), field="name")


@write_action
def create_unit(user: User | None, *, name: str, code: str, parent: Unit | None = None, **fields: Any) -> Unit:
    require_org_manager(user)
    if not name.strip():
        raise DomainError(_("单位名称不能为空。"), field="name")
    _check_unit_values(fields)
    _check_code_free(code)
    if parent is not None and parent.deleted_at:
        raise DomainError(_("上级单位已删除。"), field="parent")
    unit = Unit.objects.create(name=name.strip(), code=code.strip(), parent=parent, **fields)
    unit.path = child_path(parent, unit.pk)
    unit.depth = (parent.depth + 1) if parent else 0
    unit.save(update_fields=["path", "depth"])
    record(user, "orgs.create_unit", unit, new={**snapshot(unit, UNIT_FIELDS), "parent": parent and parent.pk})
    return unit


@write_action
def update_unit(user: User | None, unit: Unit, **fields: Any) -> Unit:
    require_org_manager(user)
    unknown = set(fields) - set(UNIT_EDITABLE)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    _check_unit_values(fields)
    if "code" in fields:
        _check_code_free(fields["code"], exclude_id=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.save()
    old, new = changed(before, snapshot(unit, UNIT_FIELDS))
    if new:
        record(user, "orgs.update_unit", unit, old=old, new=new)
    return unit


@write_action
def move_unit(user: User | None, unit: Unit, new_parent: Unit | None, reason: str = "") -> Unit:
    """Re-hang ``unit`` (and its subtree) under ``new_parent``; the old place stays in ``UnitMove``."""
    require_org_manager(user)
    if new_parent is not None and (new_parent.pk == unit.pk or new_parent.path.startswith(unit.path)):
        raise DomainError(_("不能把单位移到它自己或它的下级单位之下。"), field="parent")
    old_parent, old_path = unit.parent, unit.path
    new_path = child_path(new_parent, unit.pk)
    depth_delta = ((new_parent.depth + 1) if new_parent else 0) - unit.depth
    # One UPDATE rewrites the prefix of the whole subtree, whatever its size.
    from ..queries import subtree_filter

    Unit.objects.filter(subtree_filter(old_path)).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + depth_delta
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    UnitMove.objects.create(
        unit=unit, from_parent=old_parent, to_parent=new_parent, from_path=old_path, moved_by=user, reason=reason
    )
    unit.refresh_from_db()
    record(
        user,
        "orgs.move_unit",
        unit,
        old={"parent": old_parent and old_parent.pk, "path": old_path},
        new={"parent": new_parent and new_parent.pk, "path": unit.path, "reason": reason},
    )
    return unit


@write_action
def delete_unit(user: User | None, unit: Unit) -> Unit:
    """Soft delete; refused while the unit still has live sub-units or people."""
    require_org_manager(user)
    if unit.children.filter(deleted_at__isnull=True).exists():
        raise DomainError(_("该单位还有下级单位，请先调整或删除下级单位。"))
    if unit.people.filter(deleted_at__isnull=True, is_active=True).exists():
        raise DomainError(_("该单位还有在册人员，请先调整人员所在单位。"))
    unit.deleted_at = timezone.now()
    unit.save(update_fields=["deleted_at"])
    record(user, "orgs.delete_unit", unit, new={"deleted_at": unit.deleted_at})
    return unit


@write_action
def restore_unit(user: User | None, unit: Unit) -> Unit:
    require_org_manager(user)
    if unit.parent and unit.parent.deleted_at:
        raise DomainError(_("上级单位已删除，请先恢复上级单位。"))
    unit.deleted_at = None
    unit.save(update_fields=["deleted_at"])
    record(user, "orgs.restore_unit", unit, new={"deleted_at": None})
    return unit


def _hub_candidates(unit: Unit, channel: Channel) -> list[tuple[int, Unit]]:
    """Hubs of ``channel`` above ``unit``, each with its distance rank (higher = nearer): an
    ancestor that is a hub, or a hub office hanging directly under an ancestor (a county's
    县委办公室 serves the county's townships and departments)."""
    ancestors = unit.ancestor_ids
    if not ancestors:
        return []
    links = (
        UnitChannel.objects.filter(channel=channel, is_hub=True, unit__deleted_at__isnull=True)
        .filter(Q(unit_id__in=ancestors) | Q(unit__parent_id__in=ancestors))
        .exclude(unit=unit)
        .select_related("unit")
    )
    candidates = []
    for link in links:
        anchor = link.unit_id if link.unit_id in ancestors else link.unit.parent_id
        # The filter matched the unit or its parent among the ancestors, so there is an anchor.
        assert anchor is not None
        candidates.append((ancestors.index(anchor), link.unit))
    return candidates


def _nearest_hub(unit: Unit, channel: Channel) -> Unit | None:
    candidates = _hub_candidates(unit, channel)
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def routing_problem(unit: Unit, channel: Channel, hub: Unit | None) -> str | None:
    """Why ``unit`` may not report to ``hub`` in ``channel`` (None: it may).

    The hub must be a hub of the channel directly above the unit: no unit of another branch of
    the tree, and no 越级 past a nearer hub of the same channel (the same-level office must know
    first). A unit with no hub (the top of a channel) is always allowed.
    """
    if hub is None:
        return None
    if hub.pk == unit.pk:
        return _("单位不能向自己报送信息。")
    if not UnitChannel.objects.filter(unit=hub, channel=channel, is_hub=True).exists():
        return _("“%(hub)s”在“%(c)s”渠道不是信息汇总单位。") % {"hub": hub, "c": channel}
    candidates = _hub_candidates(unit, channel)
    rank = next((r for r, candidate in candidates if candidate.pk == hub.pk), None)
    if rank is None:
        return _("“%(hub)s”不是“%(u)s”的上级汇总单位，不能向其报送。") % {"hub": hub, "u": unit}
    nearest = max(candidates, key=lambda pair: pair[0])
    if nearest[0] > rank:
        return _("不能越级报送：“%(u)s”在“%(c)s”渠道应向“%(near)s”报送，而不是“%(hub)s”。") % {
            "u": unit,
            "c": channel,
            "near": nearest[1],
            "hub": hub,
        }
    return None


@write_action
def set_unit_channel(
    user: User | None, unit: Unit, channel: Channel, *, is_hub: bool = False, hub: Unit | None = None
) -> UnitChannel:
    """Join ``unit`` to ``channel``; ``hub`` defaults to the nearest hub above it there, and any
    other must pass ``routing_problem`` (no 越级 by configuration)."""
    require_org_manager(user)
    hub = hub or _nearest_hub(unit, channel)
    problem = routing_problem(unit, channel, hub)
    if problem:
        raise DomainError(problem, field="hub")
    link, created = UnitChannel.objects.update_or_create(
        unit=unit, channel=channel, defaults={"is_hub": is_hub, "hub": hub}
    )
    record(
        user,
        "orgs.set_unit_channel",
        unit,
        new={"channel": channel.code, "is_hub": is_hub, "hub": hub and hub.pk, "created": created},
    )
    return link


@write_action
def leave_channel(user: User | None, unit: Unit, channel: Channel) -> None:
    require_org_manager(user)
    if UnitChannel.objects.filter(hub=unit, channel=channel).exists():
        raise DomainError(_("仍有单位向本单位报送该渠道信息，不能退出该渠道。"))
    UnitChannel.objects.filter(unit=unit, channel=channel).delete()
    record(user, "orgs.leave_channel", unit, old={"channel": channel.code})


# --- Assessment classes (一类/二类 …) ------------------------------------------------------------


def _check_class_name(name: str, exclude_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise DomainError(_("考核类别名称不能为空。"), field="name")
    clash = AssessmentClass.objects.filter(name=name)
    if exclude_id:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise DomainError(_("考核类别“%(n)s”已存在。") % {"n": name}, field="name")
    return name


@write_action
def create_assessment_class(user: User | None, *, name: str, order: int = 0) -> AssessmentClass:
    require_org_manager(user)
    klass = AssessmentClass.objects.create(name=_check_class_name(name), order=order)
    record(user, "orgs.create_assessment_class", klass, new={"name": klass.name, "order": order})
    return klass


@write_action
def update_assessment_class(user: User | None, klass: AssessmentClass, *, name: str, order: int) -> AssessmentClass:
    require_org_manager(user)
    before = snapshot(klass, ("name", "order"))
    klass.name, klass.order = _check_class_name(name, exclude_id=klass.pk), order
    klass.save()
    old, new = changed(before, snapshot(klass, ("name", "order")))
    if new:
        record(user, "orgs.update_assessment_class", klass, old=old, new=new)
    return klass


# --- People and roles -------------------------------------------------------------------------
#
# 三员分立 (see docs/security.md): an account holds at most one admin role and then no business
# role; nobody changes their own roles or unit; the system admin cannot edit, move or deactivate
# the security and audit admins; only the security admin resets passwords and unlocks accounts,
# never their own.


def _validate_new_password(password: str, person: User) -> None:
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None


def _check_not_reused(person: User, password: str, field: str) -> None:
    if reused_password(person, password):
        raise DomainError(
            _("新密码不能与最近%(n)d次使用过的密码相同。") % {"n": settings.XINBAO_PASSWORD_HISTORY}, field=field
        )


def _store_password(person: User, password: str | None, *, temporary: bool) -> None:
    """Set (or, with None, disable) the password and keep its hash in the history."""
    if password is None:
        person.set_unusable_password()
    else:
        person.set_password(password)
        PasswordHistory.objects.create(user=person, password=person.password, temporary=temporary)
    person.must_change_password = temporary or password is None
    person.save(update_fields=["password", "must_change_password"])


def _refuse_self(user: User | None, person: User, message: str) -> None:
    if user is not None and person.pk == user.pk:
        raise PermissionRefused(message)


def _refuse_other_admins(user: User | None, person: User) -> None:
    """The system admin maintains accounts, but not those of the admins who watch over them."""
    if user is None or person.pk == user.pk:
        return
    if user.has_role(Role.SYSTEM_ADMIN) and person.has_role(Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        raise PermissionRefused(_("三员分立：系统管理员不能修改、调整或停用安全管理员和审计管理员的账号。"))


def set_password_path(person: User) -> str:
    """The one-time set-password link of ``person`` (relative; the page adds the host)."""
    uidb64, token = link_parts(person)
    return reverse("orgs:set_password", args=[uidb64, token])


@write_action
def create_person(
    user: User | None,
    *,
    username: str,
    display_name: str,
    unit: Unit | None,
    roles: Iterable[str] = (),
    password: str | None = None,
    **fields: Any,
) -> tuple[User, str]:
    """Create an account. Returns the person and their one-time set-password link: the operator
    hands the link over and never learns a password. (``password``, for the system only — commands
    and tests — sets a temporary password instead, still to be changed at first login.)"""
    require_org_manager(user)
    username = username.strip()
    if not username:
        raise DomainError(_("用户名不能为空。"), field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("用户名“%(u)s”已存在。") % {"u": username}, field="username")
    if not display_name.strip():
        raise DomainError(_("姓名不能为空。"), field="display_name")
    roles = list(dict.fromkeys(roles))
    unknown_roles = [r for r in roles if r not in Role.values]
    if unknown_roles:
        raise DomainError(_("未知角色：%(r)s") % {"r": "、".join(unknown_roles)}, field="roles")
    check_role_set(roles)
    if set(roles) & ADMIN_ROLES and user is not None:
        raise PermissionRefused(_("管理员角色只能由安全管理员分配。"))
    if password is not None and user is not None:
        raise PermissionRefused(_("初始密码由本人通过一次性链接设置，操作人员不能指定密码。"))
    person = User(username=username, display_name=display_name.strip(), unit=unit, **fields)
    if password is not None:
        _validate_new_password(password, person)
    person.save()
    _store_password(person, password, temporary=True)
    UserRole.objects.bulk_create([UserRole(user=person, role=r) for r in roles])
    record(user, "orgs.create_person", person, new={**snapshot(person, PERSON_FIELDS), "roles": roles})
    return person, set_password_path(person)


@write_action
def update_person(user: User | None, person: User, **fields: Any) -> User:
    require_org_manager(user)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    _refuse_other_admins(user, person)
    if user is not None and person.pk == user.pk:
        if "unit" in fields and fields["unit"] != person.unit:
            raise PermissionRefused(_("不能修改自己的所在单位，请由其他系统管理员办理。"))
        if fields.get("is_active") is False:
            raise PermissionRefused(_("不能停用自己的账号。"))
    before = snapshot(person, PERSON_FIELDS)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    old, new = changed(before, snapshot(person, PERSON_FIELDS))
    if new:
        record(user, "orgs.update_person", person, old=old, new=new)
    return person


@write_action
def deactivate_person(user: User | None, person: User) -> User:
    """Soft delete: the account can no longer sign in (its API tokens are revoked); its history stays."""
    require_org_manager(user)
    _refuse_self(user, person, _("不能停用自己的账号。"))
    _refuse_other_admins(user, person)
    person.is_active = False
    person.deleted_at = timezone.now()
    person.save(update_fields=["is_active", "deleted_at"])
    record(user, "orgs.deactivate_person", person, new={"is_active": False})
    credentials_reset.send(User, actor=user, person=person, reason="orgs.deactivate_person")
    return person


@write_action
def reactivate_person(user: User | None, person: User) -> User:
    require_org_manager(user)
    _refuse_self(user, person, _("不能启用自己的账号。"))
    _refuse_other_admins(user, person)
    person.is_active = True
    person.deleted_at = None
    person.save(update_fields=["is_active", "deleted_at"])
    record(user, "orgs.reactivate_person", person, new={"is_active": True})
    return person


def _require_role_granter(user: User | None, role: str) -> None:
    # 三员分立: granting and revoking roles (授权) is the security admin's alone; the system admin
    # maintains units and people's records, never their permissions.
    if user is None:
        return
    require_security_admin(user)


@write_action
def grant_role(user: User | None, person: User, role: str) -> UserRole:
    if role not in Role.values:
        raise DomainError(_("未知角色：%(r)s") % {"r": role}, field="role")
    _require_role_granter(user, role)
    _refuse_self(user, person, _("不能给自己分配角色，请由其他管理员办理。"))
    current = set(person.roles.values_list("role", flat=True))
    if role in current:
        raise DomainError(_("该人员已有此角色。"), field="role")
    check_role_set(current | {role})
    granted = UserRole.objects.create(user=person, role=role)
    person.__dict__.pop("role_codes", None)
    record(user, "orgs.grant_role", person, new={"role": role})
    return granted


@write_action
def revoke_role(user: User | None, person: User, role: str) -> None:
    _require_role_granter(user, role)
    _refuse_self(user, person, _("不能收回自己的角色，请由其他管理员办理。"))
    deleted, _count = UserRole.objects.filter(user=person, role=role).delete()
    if not deleted:
        raise DomainError(_("该人员没有此角色。"), field="role")
    person.__dict__.pop("role_codes", None)
    record(user, "orgs.revoke_role", person, old={"role": role})


def temporary_password() -> str:
    """A random password that satisfies the rules; the person must change it at first login."""
    return f"Xb-{secrets.token_urlsafe(9)}{secrets.randbelow(90) + 10}a"


def _require_security_state_manager(user: User | None, person: User) -> None:
    require_security_admin(user)
    _refuse_self(user, person, _("不能重置或解锁自己的账号，请由其他安全管理员办理。"))
    if not person.is_active:
        raise DomainError(_("该账号已停用，请先由系统管理员重新启用。"))


def _after_reset(user: User | None, person: User, method: str) -> None:
    """What every reset does besides the password: lift a lockout (the person is about to sign
    in with new credentials), revoke API tokens, and write one audit row."""
    from axes.utils import reset as axes_reset

    unlocked = bool(axes_reset(username=person.username))
    credentials_reset.send(User, actor=user, person=person, reason="orgs.reset_password")
    record(
        user,
        "orgs.reset_password",
        person,
        new={"method": method, "must_change_password": True, "unlocked": unlocked},
    )


@write_action
def issue_reset_link(user: User | None, person: User) -> str:
    """Reset by one-time link: the old password stops working at once, and the link (valid for
    ``PASSWORD_RESET_TIMEOUT``, once, and only until a newer reset) lets the owner choose a new
    one. Returns the link's path; the operator hands it over and sees no password."""
    _require_security_state_manager(user, person)
    _store_password(person, None, temporary=True)
    _after_reset(user, person, "link")
    return set_password_path(person)


@write_action
def reset_password(user: User | None, person: User) -> str:
    """Reset by sealed letter: a temporary password, returned only to be printed in the letter
    (``letters.password_letters``); the owner must change it at first login."""
    _require_security_state_manager(user, person)
    password = temporary_password()
    _store_password(person, password, temporary=True)
    _after_reset(user, person, "letter")
    return password


@write_action
def issue_initial_passwords(user: User | None, people: list[User]) -> list[tuple[User, str]]:
    """Temporary passwords for the sealed letters of new accounts (an Excel import): only for
    accounts that never had a password of their own and never signed in, by whoever may create
    accounts. Anything else is a reset, the security admin's duty."""
    if user is None or not user.has_role(Role.SECURITY_ADMIN):
        require_org_manager(user)
    issued = []
    for person in people:
        if person.has_usable_password() or person.last_login is not None or not person.is_active:
            raise DomainError(
                _("%(p)s 已设置过密码或登录过，不能再发放初始密码；如需重置，请联系安全管理员。") % {"p": person}
            )
        _refuse_self(user, person, _("不能为自己发放密码。"))
        password = temporary_password()
        _store_password(person, password, temporary=True)
        record(user, "orgs.issue_initial_password", person, new={"method": "letter", "must_change_password": True})
        issued.append((person, password))
    return issued


@own_account_action
def set_password_by_link(person: User, token: str, new_password: str) -> User:
    """The owner chooses a password through their one-time link (not signed in)."""
    if not person.is_active or not set_password_tokens.check_token(person, token):
        raise DomainError(_("链接无效或已过期（链接只能使用一次）。请联系安全管理员重新发放。"))
    _validate_new_password(new_password, person)
    _check_not_reused(person, new_password, "new_password")
    _store_password(person, new_password, temporary=False)
    record(person, "orgs.set_password_by_link", person, new={"must_change_password": False})
    return person


@own_account_action
def change_own_password(user: User, old_password: str, new_password: str) -> User:
    """Every account may change its own password, the read-only audit admin included."""
    if not user.check_password(old_password):
        raise DomainError(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise DomainError(_("新密码不能与原密码相同。"), field="new_password")
    _validate_new_password(new_password, user)
    _check_not_reused(user, new_password, "new_password")
    _store_password(user, new_password, temporary=False)
    record(user, "orgs.change_own_password", user, new={"must_change_password": False})
    return user


@write_action
def expire_password(user: User | None, person: User) -> User:
    """The password is older than ``XINBAO_PASSWORD_MAX_AGE_DAYS``: the next page is the password form."""
    person.must_change_password = True
    person.save(update_fields=["must_change_password"])
    record(user, "orgs.password_expired", person, new={"must_change_password": True})
    return person


@write_action
def unlock_account(user: User | None, person: User) -> None:
    _require_security_state_manager(user, person)
    from axes.utils import reset

    reset(username=person.username)
    record(user, "orgs.unlock_account", person)


# --- Bulk writes (Excel import, demo and scale data) -------------------------------------------


@write_action
def bulk_create_units(user: User | None, rows: list[dict[str, Any]], *, audit: bool = True) -> list[Unit]:
    """Create many units in one transaction, parents before children.

    Each row: name, code, parent_code (an existing unit or an earlier row), and any unit field.
    Callers validate rows first (see ``imports.py``); a clash here still rolls back everything.
    """
    require_org_manager(user)
    by_code: dict[str, Unit] = {}
    parent_codes = {r["parent_code"] for r in rows if r.get("parent_code")}
    by_code.update({u.code: u for u in Unit.objects.filter(code__in=parent_codes)})
    created: list[Unit] = []
    pending = list(rows)
    while pending:
        ready = [r for r in pending if not r.get("parent_code") or r["parent_code"] in by_code]
        if not ready:
            raise DomainError(
                _("上级单位编码无法解析：%(c)s") % {"c": ", ".join(r["parent_code"] for r in pending[:5])}
            )
        batch = [
            Unit(**{k: v for k, v in r.items() if k != "parent_code"}, parent=by_code.get(r.get("parent_code") or ""))
            for r in ready
        ]
        Unit.objects.bulk_create(batch, batch_size=2000)
        if any(u.pk is None for u in batch):  # backends without RETURNING
            ids = dict(Unit.objects.filter(code__in=[u.code for u in batch]).values_list("code", "pk"))
            for u in batch:
                u.pk = ids[u.code]
        for u in batch:
            u.path = child_path(u.parent, u.pk)
            u.depth = (u.parent.depth + 1) if u.parent else 0
            by_code[u.code] = u
        Unit.objects.bulk_update(batch, ["path", "depth"], batch_size=2000)
        created.extend(batch)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    if audit:
        # A copy typed list[Model]: bulk_record takes a list, which is invariant.
        bulk_record(user, "orgs.import_unit", list[Model](created), UNIT_FIELDS)
    return created


@write_action
def bulk_create_people(
    user: User | None,
    rows: list[dict[str, Any]],
    *,
    password_hash: str,
    must_change_password: bool = True,
    audit: bool = True,
) -> list[User]:
    """Create many accounts sharing one already-hashed initial password (hashing each is slow).

    Each row: username, display_name, unit (Unit), roles (list), and any person field.
    """
    require_org_manager(user)
    for r in rows:
        check_role_set(r.get("roles", []))
    people = []
    for r in rows:
        fields = {k: v for k, v in r.items() if k != "roles"}
        people.append(User(**fields, password=password_hash, must_change_password=must_change_password))
    User.objects.bulk_create(people, batch_size=2000)
    if any(p.pk is None for p in people):
        ids = dict(User.objects.filter(username__in=[p.username for p in people]).values_list("username", "pk"))
        for p in people:
            p.pk = ids[p.username]
    UserRole.objects.bulk_create(
        [UserRole(user=p, role=role) for p, r in zip(people, rows, strict=True) for role in r.get("roles", [])],
        batch_size=5000,
    )
    if audit:
        bulk_record(user, "orgs.import_person", list[Model](people), PERSON_FIELDS)
    return people


@write_action
def insert_generated_tree(
    user: User | None,
    units: list[dict[str, Any]],
    links: list[tuple[int, bool, int | None]],
    *,
    channel: Channel,
    officers: list[dict[str, Any]] | None = None,
    password_hash: str = "",
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 5000,
) -> int:
    """Insert synthetic units whose ids and paths were computed up front (see ``generate.py``).

    Rows go in with ``executemany`` (the ORM's per-field work would dominate at 50,000 units);
    fields a row leaves out take the model's defaults. One summary audit row covers the run (one
    row per generated unit would double its cost). ``progress`` gets the units written per chunk.
    """
    from django.db import connection

    require_org_manager(user)
    if not units:
        return 0
    first, last = units[0]["id"], units[-1]["id"]
    if Unit.objects.filter(pk__gte=first, pk__lte=last).exists():
        raise DomainError(_("单位编号已被占用，请重新运行。"))
    if Unit.objects.filter(code__in=[units[0]["code"], units[-1]["code"]]).exists():
        raise DomainError(_("单位编码已被使用：%(c)s") % {"c": units[0]["code"]})
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = Unit._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now, has_officer=bool(officers))
    unit_sql = _insert_sql(Unit, [f.column for f in fields])
    link_sql = _insert_sql(UnitChannel, ["unit_id", "channel_id", "is_hub", "hub_id"])
    with connection.cursor() as cursor:
        for start in range(0, len(units), chunk_size):
            chunk = units[start : start + chunk_size]
            cursor.executemany(
                unit_sql, [tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in chunk]
            )
            cursor.executemany(
                link_sql, [(u, channel.pk, is_hub, hub) for u, is_hub, hub in links[start : start + chunk_size]]
            )
            if progress:
                progress(len(chunk))
    _reset_sequence(Unit)
    people_count = 0
    if officers:
        people = bulk_create_people(
            user, officers, password_hash=password_hash, must_change_password=False, audit=False
        )
        today = timezone.localdate()
        assignments = []
        for p in people:
            assert p.unit_id is not None  # every generated officer row names its unit
            assignments.append(OfficerAssignment(unit_id=p.unit_id, user=p, start_date=today, registered_at=today))
        OfficerAssignment.objects.bulk_create(assignments, batch_size=5000)
        people_count = len(people)
    record(
        user,
        "orgs.generate_units",
        object_type="orgs.unit",
        object_id=f"{first}-{last}",
        object_repr=_("生成单位 %(n)d 个") % {"n": len(units)},
        new={"units": len(units), "first_id": first, "last_id": last, "officers": people_count},
    )
    return len(units)


def _insert_sql(model: type[Any], columns: list[str]) -> str:
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"


def _reset_sequence(model: type[Unit]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them (SQLite needs nothing)."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
