"""Every write in ``orgs``: units, channels, people, roles, roster. Each call is audited."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.actions import write_action
from xinbao.core.audit import bulk_record, changed, record, snapshot
from xinbao.core.errors import DomainError, PermissionRefused

from .models import (
    LIUYOU_FIELDS,
    AssessmentClass,
    Channel,
    Employment,
    OfficerAssignment,
    Unit,
    UnitChannel,
    UnitKind,
    UnitLevel,
    UnitMove,
    User,
    UserRole,
)
from .permissions import require_org_manager, require_security_admin
from .roles import ADMIN_ROLES, Role

UNIT_FIELDS = ("name", "short_name", "code", "level", "kind", "assessment_class", "order", *LIUYOU_FIELDS)
# "has an officer" follows the roster (register/end an assignment); it is never typed in.
UNIT_EDITABLE = tuple(f for f in UNIT_FIELDS if f != "has_officer")
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
    if "order" in fields and (not isinstance(fields["order"], int) or fields["order"] < 0):
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
    from .queries import subtree_filter

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


def _nearest_hub(unit: Unit, channel: Channel) -> Unit | None:
    """The hub closest above ``unit``: an ancestor that is a hub, or a hub office hanging
    directly under an ancestor (a county's 县委办公室 serves the county's townships)."""
    ancestors = unit.ancestor_ids
    if not ancestors:
        return None
    links = (
        UnitChannel.objects.filter(channel=channel, is_hub=True)
        .filter(Q(unit_id__in=ancestors) | Q(unit__parent_id__in=ancestors))
        .exclude(unit=unit)
        .select_related("unit")
    )
    best: Unit | None = None
    best_rank = -1
    for link in links:
        anchor = link.unit_id if link.unit_id in ancestors else link.unit.parent_id
        # The filter matched the unit or its parent among the ancestors, so there is an anchor.
        assert anchor is not None
        rank = ancestors.index(anchor)
        if rank > best_rank:
            best, best_rank = link.unit, rank
    return best


@write_action
def set_unit_channel(
    user: User | None, unit: Unit, channel: Channel, *, is_hub: bool = False, hub: Unit | None = None
) -> UnitChannel:
    """Join ``unit`` to ``channel``; ``hub`` defaults to the nearest ancestor that is a hub there."""
    require_org_manager(user)
    hub = hub or _nearest_hub(unit, channel)
    if hub is not None and hub.pk == unit.pk:
        raise DomainError(_("单位不能向自己报送信息。"), field="hub")
    if hub is not None and not UnitChannel.objects.filter(unit=hub, channel=channel, is_hub=True).exists():
        raise DomainError(_("“%(hub)s”在该渠道不是信息汇总单位。") % {"hub": hub}, field="hub")
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


def _check_admin_separation(current: Iterable[str], adding: str) -> None:
    """三员分立: an account holds at most one of the three admin roles."""
    if adding in ADMIN_ROLES and set(current) & {r for r in ADMIN_ROLES if r != adding}:
        raise PermissionRefused(_("三员分立：系统管理员、安全管理员、审计管理员不能由同一账号兼任。"))


def _validate_new_password(password: str, person: User) -> None:
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None


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
    """Create an account. Returns the person and the one-time password they must change at first login."""
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
    for index, role in enumerate(roles):
        _check_admin_separation(roles[:index], role)
    if set(roles) & ADMIN_ROLES and user is not None:
        raise PermissionRefused(_("管理员角色只能由安全管理员分配。"))
    person = User(username=username, display_name=display_name.strip(), unit=unit, **fields)
    password = password or temporary_password()
    _validate_new_password(password, person)
    person.set_password(password)
    person.must_change_password = True
    person.save()
    UserRole.objects.bulk_create([UserRole(user=person, role=r) for r in roles])
    record(user, "orgs.create_person", person, new={**snapshot(person, PERSON_FIELDS), "roles": roles})
    return person, password


@write_action
def update_person(user: User | None, person: User, **fields: Any) -> User:
    require_org_manager(user)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
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
    """Soft delete: the account can no longer sign in; its history stays."""
    require_org_manager(user)
    if user is not None and person.pk == user.pk:
        raise DomainError(_("不能停用自己的账号。"))
    person.is_active = False
    person.deleted_at = timezone.now()
    person.save(update_fields=["is_active", "deleted_at"])
    record(user, "orgs.deactivate_person", person, new={"is_active": False})
    return person


@write_action
def reactivate_person(user: User | None, person: User) -> User:
    require_org_manager(user)
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
    current = set(person.roles.values_list("role", flat=True))
    _check_admin_separation(current, role)
    if role in current:
        raise DomainError(_("该人员已有此角色。"), field="role")
    if user is not None and person.pk == user.pk and role in ADMIN_ROLES:
        raise PermissionRefused(_("不能给自己分配管理员角色。"))
    granted = UserRole.objects.create(user=person, role=role)
    person.__dict__.pop("role_codes", None)
    record(user, "orgs.grant_role", person, new={"role": role})
    return granted


@write_action
def revoke_role(user: User | None, person: User, role: str) -> None:
    _require_role_granter(user, role)
    deleted, _count = UserRole.objects.filter(user=person, role=role).delete()
    if not deleted:
        raise DomainError(_("该人员没有此角色。"), field="role")
    person.__dict__.pop("role_codes", None)
    record(user, "orgs.revoke_role", person, old={"role": role})


def temporary_password() -> str:
    """A random password that satisfies the rules; the person must change it at first login."""
    return f"Xb-{secrets.token_urlsafe(6)}{secrets.randbelow(90) + 10}a"


@write_action
def reset_password(user: User | None, person: User) -> str:
    require_security_admin(user)
    password = temporary_password()
    person.set_password(password)
    person.must_change_password = True
    person.save(update_fields=["password", "must_change_password"])
    record(user, "orgs.reset_password", person, new={"must_change_password": True})
    return password


@write_action
def change_own_password(user: User, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password):
        raise DomainError(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise DomainError(_("新密码不能与原密码相同。"), field="new_password")
    _validate_new_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "orgs.change_own_password", user, new={"must_change_password": False})
    return user


@write_action
def unlock_account(user: User | None, person: User) -> None:
    require_security_admin(user)
    from axes.utils import reset

    reset(username=person.username)
    record(user, "orgs.unlock_account", person)


# --- Officer roster (信息员备案) -----------------------------------------------------------------


@write_action
def register_officer(
    user: User | None,
    *,
    unit: Unit,
    person: User,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    employment: str = Employment.PART_TIME,
    registered_at: datetime.date | None = None,
    note: str = "",
) -> OfficerAssignment:
    """备案 an officer of ``unit``; with ``end_date`` a past assignment is put on record."""
    require_org_manager(user)
    if employment not in Employment.values:
        raise DomainError(_("专兼职填写不正确。"), field="employment")
    if not person.is_active:
        raise DomainError(_("%(p)s 的账号已停用，不能备案为信息员。") % {"p": person}, field="person")
    if end_date is not None and end_date < start_date:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end_date")
    if end_date is None and OfficerAssignment.objects.filter(unit=unit, user=person, end_date__isnull=True).exists():
        raise DomainError(_("%(p)s 已是该单位的在岗信息员。") % {"p": person}, field="person")
    assignment = OfficerAssignment.objects.create(
        unit=unit,
        user=person,
        employment=employment,
        start_date=start_date,
        end_date=end_date,
        registered_at=registered_at or timezone.localdate(),
        note=note,
    )
    if end_date is None:
        if not unit.has_officer:
            Unit.objects.filter(pk=unit.pk).update(has_officer=True)
        if not person.has_role(Role.OFFICER):
            UserRole.objects.get_or_create(user=person, role=Role.OFFICER)
    record(
        user,
        "orgs.register_officer",
        assignment,
        new={
            "unit": unit.pk,
            "user": person.pk,
            "employment": employment,
            "start_date": start_date,
            "end_date": end_date,
        },
    )
    return assignment


@write_action
def end_officer_assignment(
    user: User | None, assignment: OfficerAssignment, end_date: datetime.date, note: str = ""
) -> OfficerAssignment:
    require_org_manager(user)
    if assignment.end_date is not None:
        raise DomainError(_("该备案已经结束。"))
    if end_date < assignment.start_date:
        raise DomainError(_("结束日期不能早于开始日期。"), field="end_date")
    assignment.end_date = end_date
    if note:
        assignment.note = note
    assignment.save(update_fields=["end_date", "note"])
    still_staffed = OfficerAssignment.objects.filter(unit=assignment.unit_id, end_date__isnull=True).exists()
    Unit.objects.filter(pk=assignment.unit_id).update(has_officer=still_staffed)
    record(user, "orgs.end_officer_assignment", assignment, new={"end_date": end_date})
    return assignment


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
