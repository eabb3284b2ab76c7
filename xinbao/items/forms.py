"""Forms of the items pages. Validation that matters lives in the actions; forms only collect input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xinbao.core import registry
from xinbao.core.widgets import date_input, field_of
from xinbao.orgs.fields import UnitsField
from xinbao.orgs.models import Channel, Unit, User

from . import queries
from .actions import DRAFT_CATEGORIES
from .limits import ITEM_BODY_MAX
from .models import Angle, Category, Classification, Domain, ItemType, OutcomeKind, Readers, SubmissionState, Tone

CONTROL = {"class": "form-control"}
SELECT = {"class": "form-select"}


# The item's own fields that the draft form edits (body, co-units and channels are handled apart).
ITEM_FIELDS = (
    "category",
    "title",
    "writer_name",
    "writer_phone",
    "tone",
    "angle",
    "domain",
    "item_type",
    "classification",
    "readers",
)


class ChannelsField(forms.ModelMultipleChoiceField):
    """The channels to send in, each shown with the hub that will receive the item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hubs: dict[int, Unit] = {}  # channel id → hub, set by the form

    def label_from_instance(self, obj: Channel) -> str:
        return f"{obj.name} → {self.hubs[obj.pk].name}"


class DraftForm(forms.Form):
    category = forms.ChoiceField(
        label=_("类别"),
        choices=[(c, Category(c).label) for c in DRAFT_CATEGORIES],
        # The guide beside the form follows the chosen category (htmx).
        widget=forms.Select({**SELECT, "hx-get": "/items/guide/", "hx-trigger": "change", "hx-target": "#guide"}),
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False, widget=forms.TextInput(CONTROL))
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=ITEM_BODY_MAX,
        widget=forms.Textarea({**CONTROL, "rows": 14}),
        help_text=_("不超过%(n)d字。可直接从 Word 粘贴，段落会保留；也可上传 .docx 导入。") % {"n": ITEM_BODY_MAX},
    )
    writer_name = forms.CharField(label=_("执笔人"), max_length=40, required=False, widget=forms.TextInput(CONTROL))
    writer_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, widget=forms.TextInput(CONTROL))
    tone = forms.ChoiceField(
        label=_("基调"),
        choices=Tone.choices,
        initial=Tone.NEUTRAL,
        widget=forms.RadioSelect({"class": "form-check-input"}),
    )
    angle = forms.ChoiceField(
        label=_("角度"), choices=[("", "—"), *Angle.choices], required=False, widget=forms.Select(SELECT)
    )
    domain = forms.ChoiceField(
        label=_("领域"), choices=[("", "—"), *Domain.choices], required=False, widget=forms.Select(SELECT)
    )
    item_type = forms.ChoiceField(
        label=_("信息类型"),
        choices=ItemType.choices,
        initial=ItemType.TEXT,
        required=False,  # older clients and autosave send none: a text item
        widget=forms.Select(SELECT),
        help_text=_("图片信息请上传图片附件；领导讲话、工作总结和计划按考核办法可能不计分。"),
    )
    classification = forms.ChoiceField(
        label=_("密级"), choices=Classification.choices, initial=Classification.INTERNAL, widget=forms.Select(SELECT)
    )
    readers = forms.ChoiceField(
        label=_("知悉范围"), choices=Readers.choices, required=False, widget=forms.Select(SELECT)
    )
    co_units = UnitsField(label=_("合报单位"), required=False)
    channels = ChannelsField(
        label=_("报送渠道"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只能报送本单位在该渠道的上级信息科，不能越级上报。"),
    )
    docx = forms.FileField(
        label=_("从 Word 导入"), required=False, widget=forms.ClearableFileInput({**CONTROL, "accept": ".docx"})
    )
    attachment = forms.FileField(label=_("附件"), required=False, widget=forms.ClearableFileInput(CONTROL))

    def __init__(self, *args: Any, unit: Unit, author: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        # Each channel names the hub that will actually receive the item (for a member writing in person:
        # the office they are attached to).
        options = queries.sending_options(author, unit)
        channels = field_of(self, "channels", ChannelsField)
        channels.hubs = {channel.pk: hub for channel, hub in options}
        channels.queryset = Channel.objects.filter(pk__in=list(channels.hubs))
        field_of(self, "co_units", UnitsField).set_units(queries.co_unit_candidates(unit))

    def clean_item_type(self) -> str:
        return self.cleaned_data.get("item_type") or ItemType.TEXT

    def item_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in ITEM_FIELDS}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.Textarea({**CONTROL, "rows": 2}))


class EditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(CONTROL))
    body = forms.CharField(label=_("正文"), max_length=ITEM_BODY_MAX, widget=forms.Textarea({**CONTROL, "rows": 16}))
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False, widget=forms.TextInput(CONTROL))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    title = forms.CharField(label=_("综合信息标题"), max_length=200, widget=forms.TextInput(CONTROL))
    body = forms.CharField(label=_("正文"), max_length=ITEM_BODY_MAX, widget=forms.Textarea({**CONTROL, "rows": 16}))
    note = forms.CharField(label=_("说明"), max_length=200, required=False, widget=forms.TextInput(CONTROL))


class ListPicker(forms.TextInput):
    """A text box with a ``<datalist>`` of known values (typing anything else stays possible)."""

    def __init__(self, lookup_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.lookup_name = lookup_name

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        list_id = f"{name}-choices"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((v, hint) for v, hint in registry.lookup(self.lookup_name))
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class ExternalAdoptionForm(forms.Form):
    adopter_name = forms.CharField(
        label=_("采用机关"),
        max_length=100,
        widget=ListPicker(
            "adopting_bodies",
            {**CONTROL, "placeholder": _("如：省委办公厅、中办、国办、全国政协"), "autocomplete": "off"},
        ),
    )
    adopter_score = forms.DecimalField(
        label=_("采用单位给分"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("采用单位给出分值时填写（考核办法可按其得分计分）"),
        widget=forms.NumberInput({**CONTROL, "step": "0.5"}),
    )
    kind = forms.ChoiceField(
        label=_("采用方式"),
        required=False,
        choices=[("", _("按信息本身（单篇或综合）")), ("single", _("单篇采用")), ("combined", _("编入综合信息采用"))],
        widget=forms.Select(SELECT),
    )
    publication = forms.CharField(
        label=_("刊物"),
        max_length=100,
        required=False,
        widget=forms.TextInput({**CONTROL, "placeholder": _("如：《每日要情》")}),
    )
    issue_label = forms.CharField(label=_("期号"), max_length=60, required=False, widget=forms.TextInput(CONTROL))
    adopted_on = forms.DateField(label=_("采用日期"), widget=date_input(**CONTROL))
    level = forms.ChoiceField(
        label=_("采用级别"),
        choices=[("province", _("省级")), ("central", _("中央")), ("city", _("市级")), ("county", _("县级"))],
        widget=forms.Select(SELECT),
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False, widget=forms.ClearableFileInput(CONTROL))


class DirectAdoptionForm(ExternalAdoptionForm):
    """直报采用: as a 系统外采用, with the evidence required (the unit vouches for its own report)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evidence = self.fields["evidence"]
        evidence.required = True
        evidence.help_text = _("采用通知、刊物版面照片或扫描件等（PDF、图片或 Word）")


class OutcomeForm(forms.Form):
    """登记原稿转送/交办 or 差错通报 on the hub's submission page."""

    kind = forms.ChoiceField(label=_("类型"), choices=OutcomeKind.choices, widget=forms.Select(SELECT))
    on = forms.DateField(label=_("日期"), widget=date_input(**CONTROL))
    counterpart = forms.CharField(
        label=_("交办部门或通报机关"),
        max_length=200,
        widget=forms.TextInput(
            {**CONTROL, "placeholder": _("转送交办：如 县应急管理局、县农业农村局；差错：如 市委办公室")}
        ),
    )
    detail = forms.CharField(
        label=_("说明"),
        max_length=500,
        required=False,
        help_text=_("差错通报须写明差错内容"),
        widget=forms.Textarea({**CONTROL, "rows": 2}),
    )


QUEUE_STATES = [(s, SubmissionState(s).label) for s in SubmissionState.values]
