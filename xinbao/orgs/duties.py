"""Who may do what: one function per duty, asked by actions, queries, menus and templates alike.

A button and the action behind it call the same function here, so they never disagree. ``user`` of
``None`` is the system itself (management commands, the worker, migrations): every duty holds for it.
Unit arguments accept a ``Unit`` or its id.

Two rules hold for every duty below (三员分立, DESIGN.md "duties and the read policy"):
- the three admin accounts (system, security, audit admin) hold no business duty and read no business
  content, whatever their unit;
- a duty "at a unit" needs the person to belong to that very unit (a county editor is not the city's).

Clearance (``clearance``) is the highest 密级 a person may read, derived from their roles: signers,
leaders and the hub's chief and director 机密; hub editors 秘密; everyone else 内部. Authors always read
what they wrote. The read policy of items (``xinbao.items.policy``) builds on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, overload

from xinbao.core.errors import PermissionRefused

from .roles import HUB_STAFF, WRITERS, Role

if TYPE_CHECKING:
    from .models import Unit, User

HUB_SENIORS = frozenset({Role.HUB_CHIEF, Role.HUB_DIRECTOR})

# 密级 ranks, lowest first (the same order as items.models.Classification; kept here so that orgs does
# not import items).
PUBLIC, INTERNAL, SECRET, CONFIDENTIAL = 0, 1, 2, 3
NO_CLEARANCE = -1


@overload
def _unit_id(unit: Unit | int) -> int: ...
@overload
def _unit_id(unit: None) -> None: ...
def _unit_id(unit: Unit | int | None) -> int | None:
    if unit is None or isinstance(unit, int):
        return unit
    return unit.pk


def _roles(user: User | None, *roles: str) -> bool:
    return user is not None and user.is_authenticated and user.has_role(*roles)


def require(allowed: bool, message: str) -> None:
    """Refuse with a Chinese message unless ``allowed`` (the duty functions below give it)."""
    if not allowed:
        raise PermissionRefused(message)


# --- Who a person is ----------------------------------------------------------------------------


def is_admin(user: User | None) -> bool:
    """One of the three admin accounts (三员)."""
    return user is not None and user.is_authenticated and bool(user.admin_roles)


def uses_api(user: User | None) -> bool:
    """The person's roles are among those that use API tokens (setting ``XINBAO_API_ROLES``)."""
    from django.conf import settings

    return user is not None and user.is_authenticated and user.has_role(*settings.XINBAO_API_ROLES)


def is_business_user(user: User | None) -> bool:
    """A signed-in person of a unit who is not an admin account: the only people who see business
    content (items, issues, notices, rankings, queues)."""
    return user is not None and user.is_authenticated and user.unit_id is not None and not user.admin_roles


def _at(user: User | None, unit: Unit | int | None) -> bool:
    """The person belongs to ``unit`` (``None`` = any unit) and may see business content."""
    if not is_business_user(user):
        return False
    assert user is not None
    unit_id = _unit_id(unit)
    return unit_id is None or user.unit_id == unit_id


def clearance(user: User | None) -> int:
    """The highest 密级 rank the person may read (``NO_CLEARANCE`` for admins and strangers)."""
    if user is None:
        return CONFIDENTIAL
    if not is_business_user(user):
        return NO_CLEARANCE
    if user.has_role(Role.SIGNER, Role.LEADER, *HUB_SENIORS):
        return CONFIDENTIAL
    if user.has_role(Role.HUB_EDITOR):
        return SECRET
    return INTERNAL


# --- Writing and sign-off (a unit's own items) --------------------------------------------------


def can_write(user: User | None, unit: Unit | int | None) -> bool:
    """起草/报送: the unit's information officers (信息员, 特邀信息员, 政协委员)."""
    return user is None or (_at(user, unit) and _roles(user, *WRITERS))


def writes_in_person(user: User | None) -> bool:
    """政协委员 and 特邀信息员 write in their own name: their items need no unit sign-off."""
    return _roles(user, Role.CPPCC_MEMBER, Role.SPECIAL_OFFICER) and not _roles(user, Role.OFFICER)


def can_sign(user: User | None, unit: Unit | int | None) -> bool:
    """签发 of the unit's items (the unit's principal or deputy in charge)."""
    return user is None or (_at(user, unit) and _roles(user, Role.SIGNER))


def can_record_direct_adoption(user: User | None, unit: Unit | int | None, hubs: Iterable[int]) -> bool:
    """登记直报采用: the unit's signer (the unit vouches for its own report to a higher office, with
    evidence), or the information section of a hub the item was sent to."""
    return can_sign(user, unit) or any(can_screen(user, hub) for hub in hubs)


# --- The hub (信息科) ----------------------------------------------------------------------------


def is_hub_staff(user: User | None, hub: Unit | int | None = None) -> bool:
    """Staff of the information section of ``hub`` (any hub when ``None``)."""
    return user is None or (_at(user, hub) and _roles(user, *HUB_STAFF))


def is_hub_senior(user: User | None, hub: Unit | int | None = None) -> bool:
    """The hub's chief (科长) or director (主任)."""
    return user is None or (_at(user, hub) and _roles(user, *HUB_SENIORS))


def is_hub_chief(user: User | None, hub: Unit | int | None = None) -> bool:
    """The information section's chief (科长): the issue reviews wait for them."""
    return user is None or (_at(user, hub) and _roles(user, Role.HUB_CHIEF))


def can_screen(user: User | None, hub: Unit | int | None) -> bool:
    """筛选: adopt, return, reject, reserve, edit, merge and forward what reached the hub."""
    return is_hub_staff(user, hub)


def can_compose(user: User | None, hub: Unit | int | None) -> bool:
    """编辑刊物: periodicals and issues of the hub."""
    return is_hub_staff(user, hub)


def can_review_issue(user: User | None, hub: Unit | int | None) -> bool:
    """科长审核 (the director may review too)."""
    return is_hub_senior(user, hub)


def can_sign_issue(user: User | None, hub: Unit | int | None) -> bool:
    """主任签发."""
    return user is None or (_at(user, hub) and _roles(user, Role.HUB_DIRECTOR))


def can_raise_classification(user: User | None, hub: Unit | int | None) -> bool:
    """Raising an issue's 密级 to take a more sensitive item needs the chief (or director)."""
    return is_hub_senior(user, hub)


def can_close_periodical(user: User | None, hub: Unit | int | None) -> bool:
    return is_hub_senior(user, hub)


def can_manage_rules(user: User | None, hub: Unit | int | None) -> bool:
    """考核办法, recomputing, notices (通报) of the hub."""
    return is_hub_staff(user, hub)


def can_keep_adopting_bodies(user: User | None) -> bool:
    """采用机关名录 (shared by every hub): the staff of any hub keep it."""
    return is_hub_staff(user)


def can_tag_writer(user: User | None, person: User) -> bool:
    """人员身份 (全国政协委员 …) for scoring: the staff of the person's own hub or of a hub above it."""
    if user is None:
        return True
    if not is_hub_staff(user, user.unit_id) or person.unit is None or user.unit is None:
        return False
    # The hub's region (a county office's townships are its siblings under the county) or its members.
    region = user.unit.parent or user.unit
    return person.unit.path.startswith(region.path) or person.unit.channel_links.filter(hub_id=user.unit_id).exists()


def can_approve_notice(user: User | None, hub: Unit | int | None) -> bool:
    """A 通报 leaves the hub only after the chief (or director) approves it."""
    return is_hub_senior(user, hub)


def is_leader(user: User | None, unit: Unit | int | None = None) -> bool:
    return user is None or (_at(user, unit) and _roles(user, Role.LEADER))


def can_record_instruction(user: User | None) -> bool:
    """批示: a leader records their own; hub staff record one received on paper."""
    return user is None or (_at(user, None) and _roles(user, Role.LEADER, *HUB_STAFF))


def can_assign_instruction(user: User | None, hub: Unit | int | None) -> bool:
    """批示的交办、审核落实反馈、催办、办结: staff of the hub that follows the instruction up."""
    return is_hub_staff(user, hub)


def can_approve_extension(user: User | None, hub: Unit | int | None) -> bool:
    """批准承办单位的延期申请: the hub's chief (科长) or director (主任)."""
    return is_hub_senior(user, hub)


def can_handle_assignment(user: User | None, unit: Unit | int | None) -> bool:
    """承办单位受理、反馈落实情况、申请延期: the unit's signer, officers, or its own hub staff."""
    return user is None or (_at(user, unit) and _roles(user, Role.SIGNER, Role.OFFICER, *HUB_STAFF))


def can_rate_opinion_reply(user: User | None, author_id: int | None) -> bool:
    """评价社情民意办理答复: the member (writer) who submitted the opinion, and nobody else."""
    return is_business_user(user) and user is not None and author_id is not None and user.pk == author_id


def can_issue_commission(user: User | None, hub: Unit | int | None) -> bool:
    """约稿、征集参考选题、报送要点: issued and cancelled by the hub's staff."""
    return is_hub_staff(user, hub)


def can_read_hub_overview(user: User | None, hub: Unit | int | None) -> bool:
    """The hub's rankings, ledgers and summaries: its staff and its leaders."""
    return is_hub_staff(user, hub) or is_leader(user, hub)


def is_duty_officer(user: User | None, unit: Unit | int | None = None) -> bool:
    """值班员 of ``unit``."""
    return user is None or (_at(user, unit) and _roles(user, Role.DUTY_OFFICER))


def is_member_of(user: User | None, unit: Unit | int | None) -> bool:
    """Any business person of ``unit`` (reading lists, notices addressed to the unit)."""
    return user is None or _at(user, unit)


# --- Urgent information (紧急信息) ------------------------------------------------------------------


def can_report_urgent(user: User | None, unit: Unit | int | None) -> bool:
    """紧急信息快报、起草初报/续报/终报 for ``unit``: its officers, signers and duty officers, and the
    staff of a hub reporting upward in its own name."""
    return user is None or (_at(user, unit) and _roles(user, *WRITERS, Role.SIGNER, Role.DUTY_OFFICER, *HUB_STAFF))


def can_sign_urgent(user: User | None, unit: Unit | int | None) -> bool:
    """签发 of a unit's written urgent report: the unit's signer, or a hub's chief or director."""
    return can_sign(user, unit) or is_hub_senior(user, unit)


def can_watch_urgent(user: User | None, hub: Unit | int | None) -> bool:
    """接报: the hub's board of urgent events, taking phone reports, forwarding upward, findings: the
    hub's information section, its duty officers and its leaders."""
    return is_hub_staff(user, hub) or is_duty_officer(user, hub) or is_leader(user, hub)


def can_judge_urgent(user: User | None, hub: Unit | int | None) -> bool:
    """Recording or withdrawing 漏报/瞒报/误报 findings and forwarding upward: the hub's section and duty officers."""
    return is_hub_staff(user, hub) or is_duty_officer(user, hub)


def can_manage_urgent_policy(user: User | None, hub: Unit | int | None) -> bool:
    """The hub's urgent-reporting time limits and escalation steps: the chief or director."""
    return is_hub_senior(user, hub)


def can_manage_duty_roster(user: User | None, hub: Unit | int | None) -> bool:
    """值班表: the hub's section and its duty officers."""
    return is_hub_staff(user, hub) or is_duty_officer(user, hub)


# --- Administration (三员) -------------------------------------------------------------------------


def can_manage_org(user: User | None) -> bool:
    """Units, channels, people's records: the system admin."""
    return user is None or _roles(user, Role.SYSTEM_ADMIN)


def is_receiving_hub_staff(user: User | None, unit: Unit | int) -> bool:
    """Staff of a hub that ``unit`` reports to (in any channel): the office that assesses it."""
    from .models import UnitChannel

    if not is_hub_staff(user, None) or user is None:
        return user is None
    return UnitChannel.objects.filter(unit_id=_unit_id(unit), hub_id=user.unit_id).exists()


def can_keep_roster(user: User | None, unit: Unit | int) -> bool:
    """信息员备案 of a unit: the system admin, or the information section of a hub it reports to."""
    return can_manage_org(user) or is_receiving_hub_staff(user, unit)


def can_manage_security(user: User | None) -> bool:
    """Roles, password resets, unlocking: the security admin."""
    return user is None or _roles(user, Role.SECURITY_ADMIN)


def can_read_audit(user: User | None) -> bool:
    """The audit log: the audit admin only."""
    return user is None or _roles(user, Role.AUDIT_ADMIN)


def can_read_people(user: User | None) -> bool:
    """The people list: the admins who maintain accounts, and hub staff (their own office's people)."""
    return user is None or _roles(user, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN) or is_hub_staff(user)
