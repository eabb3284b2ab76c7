"""The roles of ../shared/DOMAIN.md ("Who uses it") and the 三员分立 rule."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("信息员")
    SPECIAL_OFFICER = "special_officer", _("特邀信息员")
    CPPCC_MEMBER = "cppcc_member", _("政协委员")
    SIGNER = "signer", _("单位签发人")
    HUB_EDITOR = "hub_editor", _("信息科编辑")
    HUB_CHIEF = "hub_chief", _("信息科科长")
    HUB_DIRECTOR = "hub_director", _("办公室主任")
    LEADER = "leader", _("领导")
    DUTY_OFFICER = "duty_officer", _("值班员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 三员分立: no account may hold two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
WRITERS = frozenset({Role.OFFICER, Role.SPECIAL_OFFICER, Role.CPPCC_MEMBER})
HUB_STAFF = frozenset({Role.HUB_EDITOR, Role.HUB_CHIEF, Role.HUB_DIRECTOR})
EVERY_ROLE = frozenset(Role.values)


class LeaderLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    CENTRAL = "central", _("中央")
