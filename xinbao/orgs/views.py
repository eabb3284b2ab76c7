"""Pages of ``orgs``: the unit tree, people and roles, the officer roster, Excel import/export.

Views are thin: they parse forms, call actions and show ``DomainError.message``. Permission is
decided by the actions; forms are only offered to those who may use them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate
from xinbao.core.views import show_refusal

from . import actions, duties, excel, letters, queries
from .forms import (
    AssessmentClassForm,
    EndOfficerForm,
    ImportForm,
    OfficerForm,
    PersonCreateForm,
    PersonForm,
    RoleForm,
    UnitChannelForm,
    UnitCreateForm,
    UnitForm,
    UnitMoveForm,
)
from .models import LIUYOU_FIELDS, AssessmentClass, OfficerAssignment, Unit, UnitKind, UnitLevel, User
from .passwords import person_from_link, set_password_tokens
from .permissions import (
    can_change_roles_of,
    can_edit_person,
    can_manage_org,
    can_manage_security_state,
    can_read_people,
)
from .roles import Role

# --- helpers ----------------------------------------------------------------------------------


def _visible_unit(request: AuthedRequest, unit_id: int, *, include_deleted: bool = False) -> Unit:
    units = queries.visible_units(request.user)
    if include_deleted and can_manage_org(request.user):
        units = Unit.objects.all()
    unit = units.filter(pk=unit_id).select_related("parent", "assessment_class").first()
    if unit is None:
        raise Http404
    return unit


def _visible_person(request: AuthedRequest, person_id: int) -> User:
    if not can_read_people(request.user):
        raise PermissionDenied(_("您没有查看人员名册的权限。"))
    person = queries.people_list(request.user, status="all").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def _unit_param(request: AuthedRequest, name: str) -> Unit | None:
    """A visible unit named by id in the query string (to pre-fill a form), or None."""
    unit_id = int_param(request.GET.get(name))
    return _visible_unit(request, unit_id) if unit_id else None


def _require_manager(request: AuthedRequest) -> None:
    if not can_manage_org(request.user):
        raise PermissionDenied(_("只有系统管理员可以维护单位和人员。"))


def _require_roster_keeper(request: AuthedRequest, unit: Unit) -> None:
    if not duties.can_keep_roster(request.user, unit):
        raise PermissionDenied(_("只有系统管理员或该单位所报送信息科的人员可以办理信息员备案。"))


def _run(request: AuthedRequest, form: forms.Form, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Call an action; a refusal becomes a form error (on its field when the form has it)."""
    try:
        return True, call()
    except DomainError as exc:
        show_refusal(request, exc, form)
        return False, None


def _post_action(request: AuthedRequest, call: Callable[[], Any], success: str, *, refusal_page: bool = True) -> bool:
    """Run a button action; show its outcome as a message (a refusal as the 403 page, unless
    ``refusal_page`` is off: then it is a message on the page the user came from)."""
    try:
        call()
    except PermissionRefused as exc:
        if refusal_page:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return False
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


def _form_page(request: AuthedRequest, form: forms.Form, title: str, cancel_url: str, **extra: Any) -> HttpResponse:
    return render(request, "orgs/form.html", {"form": form, "title": title, "cancel_url": cancel_url, **extra})


def _confirm(request: AuthedRequest, title: str, question: str, cancel_url: str) -> HttpResponse:
    return render(request, "core/confirm.html", {"title": title, "question": question, "cancel_url": cancel_url})


# --- units ------------------------------------------------------------------------------------


@login_required
def unit_list(request: AuthedRequest) -> HttpResponse:
    under = None
    if under_id := int_param(request.GET.get("under")):
        under = _visible_unit(request, under_id)
    show_deleted = request.GET.get("deleted") == "1" and can_manage_org(request.user)
    units = queries.unit_list(
        request.user,
        under=under,
        search=request.GET.get("q", "").strip(),
        kind=request.GET.get("kind", ""),
        level=request.GET.get("level", ""),
        include_deleted=show_deleted,
    )
    if show_deleted:
        units = units.filter(deleted_at__isnull=False)
    if request.GET.get("view") == "tree" and not show_deleted:
        return _unit_tree(request, under)
    page = paginate(request, units, per_page=50)
    context = {
        "page_obj": page,
        "under": under,
        "kinds": UnitKind.choices,
        "levels": UnitLevel.choices,
        "can_manage": can_manage_org(request.user),
        "show_deleted": show_deleted,
    }
    return render(request, "orgs/unit_list.html", context)


def _unit_tree(request: AuthedRequest, under: Unit | None) -> HttpResponse:
    """The tree two levels deep below ``under`` (or the user's own unit, or the top)."""
    root = under
    if root is None and not queries.sees_whole_tree(request.user):
        root = request.user.unit
        if root is None:
            raise Http404
    top = root.depth if root else 0
    rows = [(unit, min(unit.depth - top, 4)) for unit in queries.unit_tree_rows(root, max_depth=2)]
    context = {"rows": rows, "under": under, "can_manage": can_manage_org(request.user), "tree": True}
    return render(request, "orgs/unit_tree.html", context)


def _field_label(name: str) -> str:
    """A Unit field's verbose name (LIUYOU_FIELDS are all concrete fields)."""
    field = Unit._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name


@login_required
def unit_detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = _visible_unit(request, unit_id, include_deleted=True)
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit),
        "children": queries.subtree(unit, include_self=False).filter(depth=unit.depth + 1)[:200],
        "links": unit.channel_links.select_related("channel", "hub"),
        "roster": queries.roster(unit),
        "liuyou": [(_field_label(name), getattr(unit, name)) for name in LIUYOU_FIELDS],
        "moves": unit.moves.select_related("from_parent", "to_parent", "moved_by")[:20],
        "can_manage": can_manage_org(request.user),
        "can_keep_roster": duties.can_keep_roster(request.user, unit),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def unit_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    initial = {"parent": _unit_param(request, "parent")}
    form = UnitCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.unit_fields()
        ok, unit = _run(request, form, lambda: actions.create_unit(request.user, **data))
        if ok:
            messages.success(request, _("已新建单位“%(u)s”。") % {"u": unit.name})
            return redirect("orgs:unit_detail", unit.pk)
    return _form_page(request, form, _("新建单位"), reverse("orgs:unit_list"))


@login_required
def unit_edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id)
    form = UnitForm(request.POST or None, initial=UnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        ok, _unit = _run(request, form, lambda: actions.update_unit(request.user, unit, **form.unit_fields()))
        if ok:
            messages.success(request, _("单位信息已保存。"))
            return redirect("orgs:unit_detail", unit.pk)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    return _form_page(request, form, _("修改单位：%(u)s") % {"u": unit.name}, back)


@login_required
def unit_move(request: AuthedRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id)
    form = UnitMoveForm(request.POST or None, initial={"new_parent": unit.parent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _unit = _run(
            request, form, lambda: actions.move_unit(request.user, unit, data["new_parent"], data["reason"])
        )
        if ok:
            messages.success(request, _("单位已调整，原隶属关系已记入调整记录。"))
            return redirect("orgs:unit_detail", unit.pk)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    return _form_page(request, form, _("调整隶属关系：%(u)s") % {"u": unit.name}, back)


@login_required
def unit_delete(request: AuthedRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        done = _("单位已删除，可在已删除单位中恢复。")
        if _post_action(request, lambda: actions.delete_unit(request.user, unit), done):
            return redirect("orgs:unit_list")
        return redirect(back)
    question = _("确定删除“%(u)s”吗？删除后可以恢复，历史记录保留。") % {"u": unit.name}
    return _confirm(request, _("删除单位"), question, back)


@login_required
def unit_restore(request: AuthedRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id, include_deleted=True)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        _post_action(request, lambda: actions.restore_unit(request.user, unit), _("单位已恢复。"))
        return redirect(back)
    return _confirm(request, _("恢复单位"), _("确定恢复“%(u)s”吗？") % {"u": unit.name}, back)


@login_required
def unit_channel(request: AuthedRequest, unit_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id)
    form = UnitChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _link = _run(
            request,
            form,
            lambda: actions.set_unit_channel(
                request.user, unit, data["channel"], is_hub=data["is_hub"], hub=data["hub"]
            ),
        )
        if ok:
            messages.success(request, _("渠道设置已保存。"))
            return redirect("orgs:unit_detail", unit.pk)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    return _form_page(request, form, _("渠道与汇总单位：%(u)s") % {"u": unit.name}, back)


@login_required
@require_POST
def unit_leave_channel(request: AuthedRequest, unit_id: int, channel_id: int) -> HttpResponse:
    _require_manager(request)
    unit = _visible_unit(request, unit_id)
    channel = get_object_or_404(queries.channels(), pk=channel_id)
    _post_action(request, lambda: actions.leave_channel(request.user, unit, channel), _("已退出该渠道。"))
    return redirect("orgs:unit_detail", unit.pk)


@login_required
def vacancies(request: AuthedRequest) -> HttpResponse:
    """断档缺人: units reporting to the user's hub (all hubs for the system admin) with no officer."""
    user = request.user
    if user.has_role(Role.SYSTEM_ADMIN):
        units = queries.all_vacancies()
    elif duties.is_hub_staff(user, user.unit_id) and user.unit is not None:
        units = queries.vacancies(user.unit)
    else:
        raise PermissionDenied(_("只有信息科人员和系统管理员可以查看断档缺人的单位。"))
    page = paginate(request, units.select_related("parent"), per_page=50)
    return render(request, "orgs/vacancies.html", {"page_obj": page})


# --- assessment classes ---------------------------------------------------------------------


@login_required
def classes(request: AuthedRequest) -> HttpResponse:
    """考核类别: the list with unit counts, and a form to add one (system admin)."""
    _require_manager(request)
    form = AssessmentClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, klass = _run(request, form, lambda: actions.create_assessment_class(request.user, **form.cleaned_data))
        if ok:
            messages.success(request, _("已新建考核类别“%(n)s”。") % {"n": klass.name})
            return redirect("orgs:classes")
    return render(request, "orgs/classes.html", {"form": form, "classes": queries.assessment_classes()})


@login_required
def class_edit(request: AuthedRequest, class_id: int) -> HttpResponse:
    _require_manager(request)
    klass = get_object_or_404(AssessmentClass, pk=class_id)
    form = AssessmentClassForm(request.POST or None, initial={"name": klass.name, "order": klass.order})
    if request.method == "POST" and form.is_valid():
        ok, _k = _run(request, form, lambda: actions.update_assessment_class(request.user, klass, **form.cleaned_data))
        if ok:
            messages.success(request, _("考核类别已保存。"))
            return redirect("orgs:classes")
    return _form_page(request, form, _("修改考核类别：%(n)s") % {"n": klass.name}, reverse("orgs:classes"))


# --- officer roster ---------------------------------------------------------------------------


@login_required
def officer_register(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = _visible_unit(request, unit_id)
    _require_roster_keeper(request, unit)
    form = OfficerForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _a = _run(
            request,
            form,
            lambda: actions.register_officer(
                request.user,
                unit=unit,
                person=data["person"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                employment=data["employment"],
                registered_at=data["registered_at"],
                note=data["note"],
            ),
        )
        if ok:
            messages.success(request, _("信息员已备案。"))
            return redirect("orgs:unit_detail", unit.pk)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    return _form_page(request, form, _("信息员备案：%(u)s") % {"u": unit.name}, back)


@login_required
def officer_end(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(OfficerAssignment.objects.select_related("user", "unit"), pk=assignment_id)
    unit = _visible_unit(request, assignment.unit_id)
    _require_roster_keeper(request, unit)
    form = EndOfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, _a = _run(
            request,
            form,
            lambda: actions.end_officer_assignment(request.user, assignment, data["end_date"], data["note"]),
        )
        if ok:
            messages.success(request, _("已结束 %(p)s 的信息员备案。") % {"p": assignment.user})
            return redirect("orgs:unit_detail", unit.pk)
    back = reverse("orgs:unit_detail", args=[unit.pk])
    title = _("结束备案：%(p)s（%(u)s）") % {"p": assignment.user, "u": unit.name}
    return _form_page(request, form, title, back)


# --- people and roles -------------------------------------------------------------------------


@login_required
def people_list(request: AuthedRequest) -> HttpResponse:
    if not can_read_people(request.user):
        raise PermissionDenied(_("您没有查看人员名册的权限。"))
    unit = None
    if unit_id := int_param(request.GET.get("unit")):
        unit = _visible_unit(request, unit_id)
    role = request.GET.get("role", "")
    status = request.GET.get("status", "active")
    people = queries.people_list(
        request.user,
        unit=unit,
        role=role if role in Role.values else "",
        search=request.GET.get("q", "").strip(),
        status=status if status in {"active", "inactive", "all"} else "active",
    )
    context = {
        "page_obj": paginate(request, people, per_page=50),
        "unit": unit,
        "roles": Role.choices,
        "can_manage": can_manage_org(request.user),
    }
    return render(request, "orgs/people_list.html", context)


@login_required
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _visible_person(request, person_id)
    user = request.user
    context = {
        "person": person,
        "roles": sorted(person.roles.all(), key=lambda r: r.role),
        "assignments": person.officer_assignments.select_related("unit").order_by("-start_date"),
        "can_manage": can_edit_person(user, person),
        "can_reset": can_manage_security_state(user, person),
        "can_change_roles": can_change_roles_of(user, person),
        "role_form": RoleForm(),
        "locked": queries.is_locked(person),
    }
    return render(request, "orgs/person_detail.html", context)


@login_required
def person_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    initial = {"unit": _unit_param(request, "unit")}
    form = PersonCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ok, result = _run(
            request,
            form,
            lambda: actions.create_person(
                request.user,
                username=data.pop("username"),
                display_name=data.pop("display_name"),
                unit=data.pop("unit"),
                roles=data.pop("roles"),
                **data,
            ),
        )
        if ok:
            person, path = result
            return _link_page(request, person, path, new=True)
    return _form_page(request, form, _("新建人员"), reverse("orgs:people_list"))


def _link_page(request: AuthedRequest, person: User, path: str, *, new: bool) -> HttpResponse:
    """The one-time set-password link, for the operator to hand over (no password is shown)."""
    expires = timezone.localtime() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    context = {"person": person, "link": request.build_absolute_uri(path), "expires": expires, "new": new}
    return render(request, "orgs/password_link.html", context)


@login_required
def person_edit(request: AuthedRequest, person_id: int) -> HttpResponse:
    _require_manager(request)
    person = _visible_person(request, person_id)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        ok, _p = _run(request, form, lambda: actions.update_person(request.user, person, **form.cleaned_data))
        if ok:
            messages.success(request, _("人员信息已保存。"))
            return redirect("orgs:person_detail", person.pk)
    back = reverse("orgs:person_detail", args=[person.pk])
    return _form_page(request, form, _("修改人员：%(p)s") % {"p": person}, back)


def _person_button(
    request: AuthedRequest, person_id: int, call: Callable[[User], Any], title: str, question: str, success: str
) -> HttpResponse:
    """A confirmed button on a person's page (deactivate, reactivate, unlock …)."""
    person = _visible_person(request, person_id)
    back = reverse("orgs:person_detail", args=[person.pk])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        _post_action(request, lambda: call(person), success)
        return redirect(back)
    return _confirm(request, title, question % {"p": person}, back)


@login_required
def person_deactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _person_button(
        request,
        person_id,
        lambda p: actions.deactivate_person(request.user, p),
        _("停用账号"),
        _("确定停用“%(p)s”的账号吗？停用后不能登录，历史记录保留，可以重新启用。"),
        _("账号已停用。"),
    )


@login_required
def person_reactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _person_button(
        request,
        person_id,
        lambda p: actions.reactivate_person(request.user, p),
        _("启用账号"),
        _("确定重新启用“%(p)s”的账号吗？"),
        _("账号已启用。"),
    )


@login_required
def person_unlock(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _person_button(
        request,
        person_id,
        lambda p: actions.unlock_account(request.user, p),
        _("解除锁定"),
        _("确定解除“%(p)s”的登录锁定吗？"),
        _("已解除锁定。"),
    )


@login_required
def person_reset_password(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Reset by one-time link (shown to hand over) or sealed letter (a Word file to print); the
    page never shows a password."""
    person = _visible_person(request, person_id)
    back = reverse("orgs:person_detail", args=[person.pk])
    method = request.POST.get("method", "")
    if request.method == "POST" and method in {"link", "letter"}:
        try:
            if method == "link":
                return _link_page(request, person, actions.issue_reset_link(request.user, person), new=False)
            password = actions.reset_password(request.user, person)
        except DomainError as exc:
            show_refusal(request, exc)
            return redirect(back)
        content = letters.password_letters(
            [(person, password)], issuer=str(request.user), site=request.build_absolute_uri("/")
        )
        response = HttpResponse(content, content_type=letters.DOCX_MIME)
        response["Content-Disposition"] = f"attachment; filename=password-letter-{person.pk}.docx"
        return response
    return render(request, "orgs/reset_password.html", {"person": person, "cancel_url": back})


class SetPasswordForm(forms.Form):
    new_password = forms.CharField(
        label=_lazy("新密码"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_lazy("再次输入新密码"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The owner's one-time link: choose a password, then sign in with it. Refused while someone
    is signed in in this browser, so that the operator who issued the link cannot use it by mistake."""
    if request.user.is_authenticated:
        return render(request, "orgs/set_password.html", {"signed_in": True}, status=403)
    person = person_from_link(uidb64)
    valid = person is not None and set_password_tokens.check_token(person, token)
    if not valid:
        return render(request, "orgs/set_password.html", {"invalid": True}, status=404)
    assert person is not None
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_password_by_link(person, token, form.cleaned_data["new_password"])
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("密码已设置，请用新密码登录。"))
            return redirect("login")
    return render(request, "orgs/set_password.html", {"form": form, "person": person})


@login_required
@require_POST
def person_grant_role(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _visible_person(request, person_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        _post_action(
            request,
            lambda: actions.grant_role(request.user, person, role),
            _("已分配角色：%(r)s") % {"r": Role(role).label},
            refusal_page=False,  # 三员分立 and who-may-grant refusals read best beside the roles
        )
    else:
        messages.error(request, _("请选择要分配的角色。"))
    return redirect("orgs:person_detail", person.pk)


@login_required
@require_POST
def person_revoke_role(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _visible_person(request, person_id)
    role = request.POST.get("role", "")
    _post_action(
        request, lambda: actions.revoke_role(request.user, person, role), _("已收回角色。"), refusal_page=False
    )
    return redirect("orgs:person_detail", person.pk)


# --- Excel import and export -----------------------------------------------------------------


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def export_units(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return _xlsx_response(excel.export_units(queries.visible_units(request.user)), "units.xlsx")


@login_required
def export_people(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return _xlsx_response(excel.export_people(queries.people_list(request.user)), "people.xlsx")


@login_required
def import_template(request: AuthedRequest, kind: str) -> HttpResponse:
    _require_manager(request)
    if kind not in excel.SHEETS:
        raise Http404
    return _xlsx_response(excel.template(kind), f"{kind}-template.xlsx")


@login_required
def import_data(request: AuthedRequest, kind: str) -> HttpResponse:
    _require_manager(request)
    if kind not in excel.SHEETS:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_file(request.user, kind, form.cleaned_data["file"])
        except PermissionRefused as exc:
            raise PermissionDenied(exc.message) from exc
        except excel.ImportRefused as exc:
            errors = exc.errors
        else:
            return render(request, "orgs/import_done.html", {"kind": kind, "result": result})
    context = {"form": form, "kind": kind, "errors": errors, "title": excel.SHEETS[kind].title}
    return render(request, "orgs/import.html", context)


@login_required
@require_POST
def initial_letters(request: AuthedRequest) -> HttpResponse:
    """Sealed password letters for newly imported accounts (one Word page each)."""
    ids = [i for i in (int_param(v) for v in request.POST.getlist("person")) if i]
    people = list(queries.people_list(request.user).filter(pk__in=ids).order_by("unit__path", "username"))
    if not people:
        raise Http404
    try:
        issued = actions.issue_initial_passwords(request.user, people)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("orgs:people_list")
    content = letters.password_letters(issued, issuer=str(request.user), site=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type=letters.DOCX_MIME)
    response["Content-Disposition"] = "attachment; filename=password-letters.docx"
    return response
