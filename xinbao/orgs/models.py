"""Organisations: channels, the unit tree, assessment classes, people, roles and the roster.

The unit tree is a materialised path (``/1/5/23/``): a subtree is one index range scan on
``path``, independent of depth and size (see docs/decisions/0002-unit-tree.md).
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import ADMIN_ROLES, LeaderLevel, Role


class Channel(models.Model):
    """A reporting line: 党委信息, 政务信息, 政协社情民意."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("信息渠道")
        verbose_name_plural = _("信息渠道")

    def __str__(self) -> str:
        return self.name


class AssessmentClass(models.Model):
    """An assessment class (一类/二类 …): units of a class share quotas."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("考核类别")
        verbose_name_plural = _("考核类别")

    def __str__(self) -> str:
        return self.name


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡")


class UnitKind(models.TextChoices):
    PARTY_OFFICE = "party_office", _("党委办公室")
    GOV_OFFICE = "gov_office", _("政府办公室")
    CPPCC = "cppcc", _("政协")
    TOWNSHIP = "township", _("乡镇")
    STREET = "street", _("街道")
    DEPARTMENT = "department", _("部门")
    COMPANY = "company", _("企业")
    COMMUNITY = "community", _("社区")
    COMMITTEE = "committee", _("专委会")
    SECTOR = "sector", _("界别")
    PARTY = "party", _("民主党派")
    CONTACT_POINT = "contact_point", _("信息联系点")
    REGION = "region", _("地区")
    OTHER = "other", _("其他")


# Kinds of unit that have no 信息员 of their own to keep on the roster: the offices themselves (their
# information sections are the hubs), CPPCC 专委会 and 界别 (members write in person), and regions.
KINDS_WITHOUT_OFFICER_DUTY = frozenset(
    {
        UnitKind.PARTY_OFFICE,
        UnitKind.GOV_OFFICE,
        UnitKind.CPPCC,
        UnitKind.COMMITTEE,
        UnitKind.SECTOR,
        UnitKind.REGION,
    }
)

# The 六有 checklist: 场所/经费/设备/刊物/分管领导/信息员.
LIUYOU_FIELDS = ("has_place", "has_funds", "has_equipment", "has_periodical", "has_leader", "has_officer")


class UnitQuerySet(models.QuerySet["Unit"]):
    def alive(self) -> UnitQuerySet:
        return self.filter(deleted_at__isnull=True)


class Unit(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    code = models.CharField(_("编码"), max_length=40, unique=True, help_text=_("导入导出时识别单位用"))
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=1000, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("层级深度"), default=0, editable=False)
    level = models.CharField(_("级别"), max_length=10, choices=UnitLevel.choices, default=UnitLevel.COUNTY)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    assessment_class = models.ForeignKey(
        AssessmentClass, verbose_name=_("考核类别"), null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    has_place = models.BooleanField(_("有场所"), default=False)
    has_funds = models.BooleanField(_("有经费"), default=False)
    has_equipment = models.BooleanField(_("有设备"), default=False)
    has_periodical = models.BooleanField(_("有刊物"), default=False)
    has_leader = models.BooleanField(_("有分管领导"), default=False)
    has_officer = models.BooleanField(_("有信息员"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        indexes = [
            # varchar_pattern_ops keeps LIKE 'prefix%' indexable on PostgreSQL; ignored elsewhere.
            models.Index(fields=["path"], name="orgs_unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "order"], name="orgs_unit_parent_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def liuyou(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in LIUYOU_FIELDS}

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]


class UnitChannel(models.Model):
    """A unit's membership of a channel: whether it is a hub there, and which hub receives its items."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="channel_links")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT)
    is_hub = models.BooleanField(_("是信息汇总单位"), default=False)
    hub = models.ForeignKey(
        Unit,
        verbose_name=_("报送至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_links",
        help_text=_("本单位在该渠道中向哪个汇总单位报送信息"),
    )

    class Meta:
        verbose_name = _("渠道归属")
        verbose_name_plural = _("渠道归属")
        constraints = [models.UniqueConstraint(fields=["unit", "channel"], name="orgs_unitchannel_unique")]
        indexes = [models.Index(fields=["hub", "channel"], name="orgs_unitchannel_hub_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.channel}"


class UnitMove(models.Model):
    """The history of a unit's place in the tree (moving keeps its history)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="moves")
    from_parent = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    to_parent = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    from_path = models.CharField(max_length=1000)
    moved_at = models.DateTimeField(auto_now_add=True)
    moved_by = models.ForeignKey("orgs.User", null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-moved_at", "-id"]
        verbose_name = _("单位调整记录")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_path} → {self.to_parent_id}"


class XinbaoUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """A person: belongs to one unit and holds roles (see roles.py)."""

    display_name = models.CharField(_("姓名"), max_length=40)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    leader_level = models.CharField(_("领导级别"), max_length=10, choices=LeaderLevel.choices, blank=True)
    sector = models.ForeignKey(
        Unit,
        verbose_name=_("界别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind": UnitKind.SECTOR},
    )
    must_change_password = models.BooleanField(_("首次登录须改密码"), default=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    objects: ClassVar[XinbaoUserManager] = XinbaoUserManager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["unit_id", "id"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_codes(self) -> set[str]:
        """The user's roles, loaded once per request (one query, or none if prefetched)."""
        if not self.pk:
            return set()
        return {r.role for r in self.roles.all()}

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in sorted(self.role_codes)]

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes & set(roles))

    @property
    def is_read_only(self) -> bool:
        # The audit admin may read the audit log and change nothing (三员分立).
        return Role.AUDIT_ADMIN in self.role_codes

    @property
    def admin_roles(self) -> set[str]:
        return self.role_codes & ADMIN_ROLES


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="orgs_userrole_unique")]
        indexes = [models.Index(fields=["role", "user"], name="orgs_userrole_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Employment(models.TextChoices):
    FULL_TIME = "full", _("专职")
    PART_TIME = "part", _("兼职")


class OfficerAssignment(models.Model):
    """信息员备案: who serves as a unit's information officer, from when to when."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="officer_assignments")
    user = models.ForeignKey(
        User, verbose_name=_("信息员"), on_delete=models.PROTECT, related_name="officer_assignments"
    )
    employment = models.CharField(_("专兼职"), max_length=4, choices=Employment.choices, default=Employment.PART_TIME)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    registered_at = models.DateField(_("备案日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit_id", "-start_date"]
        verbose_name = _("信息员备案")
        verbose_name_plural = _("信息员备案")
        indexes = [models.Index(fields=["unit", "end_date"], name="orgs_officer_active_idx")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class PasswordHistory(models.Model):
    """The hashes of a person's passwords, newest last: the last few cannot be chosen again, and
    the newest row's time is when the password was last set (for the optional maximum age)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # a hash, as in User.password
    set_at = models.DateTimeField(default=timezone.now)
    # A password someone else set (a reset letter, a new account): it must be changed at first use.
    temporary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-set_at", "-id"]
        verbose_name = _("历史密码")
        indexes = [models.Index(fields=["user", "-set_at"], name="orgs_pwhistory_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.set_at:%Y-%m-%d}"
