"""Forms of the ``orgs`` pages. They only parse input; the actions validate and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinbao.core.widgets import date_input

from .models import LIUYOU_FIELDS, AssessmentClass, Channel, Employment, Unit, UnitKind, UnitLevel, User
from .roles import ADMIN_ROLES, LeaderLevel, Role

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}


def _style(form: forms.Form) -> None:
    """Bootstrap classes on every widget, so templates can render fields generically."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", CHECK["class"])
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", SELECT["class"])
        else:
            widget.attrs.setdefault("class", TEXT["class"])


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked by its id; the label shows the code so that same-named units differ."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name}（{obj.code}）"


class UnitCodeInput(forms.TextInput):
    """A text box for a unit code with browser suggestions (a ``<datalist>`` of the first units).

    A select of the whole tree is unusable at 50,000 units; any code can be typed, and the
    suggestions cover the upper levels where parents are usually chosen.
    """

    template_name = "orgs/widgets/unit_code.html"
    SUGGESTIONS = 500

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}_units"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["suggestions"] = suggested_units(self.SUGGESTIONS)
        return context


def suggested_units(limit: int) -> Any:
    """(code, name) of every unit in a small tree; of the upper levels only in a big one.

    Both walk the path index in order and stop early, so a 50,000-unit tree costs no sort.
    """
    units = Unit.objects.alive().order_by("path")
    if units.count() > limit:
        units = units.filter(depth__lte=2)
    return units.values_list("code", "name")[:limit]


def unit_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.ModelChoiceField:
    """A live unit, typed as its code (see ``UnitCodeInput``)."""
    return forms.ModelChoiceField(
        queryset=Unit.objects.alive(),
        to_field_name="code",
        label=label,
        required=required,
        help_text=help_text or _("填写单位编码，输入时会提示单位名称"),
        widget=UnitCodeInput(attrs={"placeholder": _("单位编码"), "autocomplete": "off"}),
        error_messages={"invalid_choice": _("没有编码为“%(value)s”的在用单位。")},
    )


class UnitForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    code = forms.CharField(label=_("编码"), max_length=40, help_text=_("导入导出时识别单位用，须唯一"))
    level = forms.ChoiceField(label=_("级别"), choices=UnitLevel.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    assessment_class = forms.ModelChoiceField(
        label=_("考核类别"), queryset=AssessmentClass.objects.all(), required=False
    )
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)
    has_place = forms.BooleanField(label=_("有场所"), required=False)
    has_funds = forms.BooleanField(label=_("有经费"), required=False)
    has_equipment = forms.BooleanField(label=_("有设备"), required=False)
    has_periodical = forms.BooleanField(label=_("有刊物"), required=False)
    has_leader = forms.BooleanField(label=_("有分管领导"), required=False)
    has_officer = forms.BooleanField(
        label=_("有信息员"), required=False, disabled=True, help_text=_("由信息员备案自动维护")
    )

    @classmethod
    def initial_for(cls, unit: Unit) -> dict[str, Any]:
        fields = ["name", "short_name", "code", "level", "kind", "assessment_class", "order", *LIUYOU_FIELDS]
        return {name: getattr(unit, name) for name in fields}

    def unit_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("has_officer", None)  # kept by the roster, never typed in
        return data


class UnitCreateForm(UnitForm):
    parent = unit_field(_("上级单位"))

    field_order = ["parent", "name", "short_name", "code"]


class UnitMoveForm(StyledForm):
    new_parent = unit_field(_("新的上级单位"), help_text=_("填写单位编码；留空则成为顶级单位"))
    reason = forms.CharField(label=_("调整原因"), max_length=200, required=False)


class UnitChannelForm(StyledForm):
    channel = forms.ModelChoiceField(label=_("渠道"), queryset=Channel.objects.all())
    is_hub = forms.BooleanField(label=_("本单位是该渠道的信息汇总单位"), required=False)
    hub = UnitChoiceField(
        queryset=Unit.objects.alive().filter(channel_links__is_hub=True).distinct().only("id", "name", "code", "depth"),
        label=_("报送至"),
        required=False,
        help_text=_("留空则自动选择最近的上级汇总单位"),
    )


class PersonForm(StyledForm):
    display_name = forms.CharField(label=_("姓名"), max_length=40)
    unit = unit_field(_("所在单位"), required=True)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    leader_level = forms.ChoiceField(label=_("领导级别"), choices=[("", "—"), *LeaderLevel.choices], required=False)

    @classmethod
    def initial_for(cls, person: User) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


BUSINESS_ROLES = [(value, label) for value, label in Role.choices if value not in ADMIN_ROLES]


class PersonCreateForm(PersonForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=BUSINESS_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("管理员角色由安全管理员在人员页面单独分配"),
    )

    field_order = ["username", "display_name", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].widget.attrs = {}


class RoleForm(StyledForm):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class OfficerForm(StyledForm):
    person = forms.ModelChoiceField(label=_("信息员"), queryset=User.objects.none())
    employment = forms.ChoiceField(label=_("专兼职"), choices=Employment.choices, initial=Employment.PART_TIME)
    start_date = forms.DateField(label=_("开始日期"), widget=date_input())
    end_date = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=date_input(),
        help_text=_("在岗信息员留空；补录已离岗人员的备案时填写"),
    )
    registered_at = forms.DateField(
        label=_("备案日期"),
        widget=date_input(),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Officers come from the unit's own people.
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = User.objects.filter(unit=unit, is_active=True, deleted_at__isnull=True)


class EndOfficerForm(StyledForm):
    end_date = forms.DateField(
        label=_("结束日期"),
        widget=date_input(),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class AssessmentClassForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=40)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
