"""Pages of the register of adopting bodies (采用机关名录) and of writers' attributes (人员身份)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages, show_refusal
from xinbao.core.widgets import field_of
from xinbao.orgs import duties
from xinbao.orgs.models import User
from xinbao.orgs.queries import subtree_filter
from xinbao.orgs.roles import WRITERS

from . import register_actions
from .models import AdoptingBody, BodyLevel, PersonAttribute

CONTROL = {"class": "form-control form-control-sm"}


class BodyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, widget=forms.TextInput(CONTROL))
    aliases = forms.CharField(
        label=gettext_lazy("简称/别名"),
        max_length=400,
        required=False,
        help_text=gettext_lazy("多个以顿号分隔，如：中办、中央办公厅"),
        widget=forms.TextInput(CONTROL),
    )
    level = forms.ChoiceField(label=gettext_lazy("级别"), choices=BodyLevel.choices, widget=forms.Select(CONTROL))


class AttributeForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("人员"), coerce=int, widget=forms.Select(CONTROL))
    name = forms.CharField(
        label=gettext_lazy("身份"),
        max_length=40,
        widget=forms.TextInput({**CONTROL, "placeholder": gettext_lazy("如：全国政协委员、省政协委员、全国人大代表")}),
    )
    level = forms.ChoiceField(
        label=gettext_lazy("级别"),
        choices=[("", "—"), *BodyLevel.choices],
        required=False,
        widget=forms.Select(CONTROL),
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "person", forms.ChoiceField).choices = people


def _keeper(request: AuthedRequest) -> None:
    if not duties.can_keep_adopting_bodies(request.user):
        raise PermissionDenied(_("只有汇总单位的信息科人员可以维护采用机关名录。"))


def _taggable(user: User) -> list[tuple[int, str]]:
    """Writers the user may tag: of the hub's region and of the units reporting to it."""
    if user.unit is None:  # never: a keeper (``_keeper``) works at a hub
        return []
    region = user.unit.parent or user.unit
    people = (
        User.objects.filter(deleted_at__isnull=True, roles__role__in=WRITERS)
        .filter(subtree_filter(region.path, field="unit__path") | Q(unit__channel_links__hub_id=user.unit_id))
        .select_related("unit")
        .distinct()
        .order_by("unit__path", "id")[:500]
    )
    return [(p.pk, f"{p.unit.name} {p}") for p in people if p.unit is not None]  # all: filtered on the unit


@login_required
def bodies(request: AuthedRequest) -> HttpResponse:
    _keeper(request)
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register_actions.save_adopting_body(request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已登记采用机关。"))
            return redirect("scoring:bodies")
    people = _taggable(request.user)
    attributes = PersonAttribute.objects.filter(person_id__in=[pk for pk, _label in people]).select_related(
        "person__unit"
    )
    context = {
        "page_obj": paginate(request, AdoptingBody.objects.filter(deleted_at__isnull=True), 50),
        "form": form,
        "attribute_form": AttributeForm(people=people),
        "attributes": attributes,
    }
    return render(request, "scoring/bodies.html", context)


@login_required
def body_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _keeper(request)
    body = get_object_or_404(AdoptingBody, pk=pk, deleted_at__isnull=True)
    initial = {"name": body.name, "aliases": body.aliases, "level": body.level}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            register_actions.save_adopting_body(request.user, body=body, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已修改采用机关。"))
            return redirect("scoring:bodies")
    return render(request, "scoring/body_edit.html", {"form": form, "body": body})


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: "/scoring/bodies/")
def body_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    _keeper(request)
    body = get_object_or_404(AdoptingBody, pk=pk, deleted_at__isnull=True)
    register_actions.delete_adopting_body(request.user, body)
    messages.success(request, _("已删除采用机关“%(n)s”。重新登记同一名称即可恢复。") % {"n": body.name})
    return redirect("scoring:bodies")


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: "/scoring/bodies/")
def attribute_add(request: AuthedRequest) -> HttpResponse:
    _keeper(request)
    people = _taggable(request.user)
    form = AttributeForm(request.POST, people=people)
    if not form.is_valid():
        messages.error(request, _("请选择人员并填写身份。"))
        return redirect("scoring:bodies")
    person = get_object_or_404(User, pk=form.cleaned_data["person"])
    register_actions.add_person_attribute(
        request.user, person, name=form.cleaned_data["name"], level=form.cleaned_data.get("level") or ""
    )
    messages.success(request, _("已登记人员身份。"))
    return redirect("scoring:bodies")


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: "/scoring/bodies/")
def attribute_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    _keeper(request)
    attribute = get_object_or_404(PersonAttribute.objects.select_related("person__unit"), pk=pk)
    register_actions.remove_person_attribute(request.user, attribute)
    messages.success(request, _("已删除人员身份。"))
    return redirect("scoring:bodies")
