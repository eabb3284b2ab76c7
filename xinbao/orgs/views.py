"""Pages of ``orgs``: the unit tree and list, a unit's page (channels, roster, 六有)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xinbao.core.pagination import paginate

from . import queries
from .models import LIUYOU_FIELDS, Unit, UnitKind, UnitLevel


def _visible_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = queries.visible_units(request.user).filter(pk=unit_id).select_related("parent", "assessment_class").first()
    if unit is None:
        raise Http404
    return unit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    under = None
    if request.GET.get("under", "").isdigit():
        under = _visible_unit(request, int(request.GET["under"]))
    units = queries.unit_list(
        request.user,
        under=under,
        search=request.GET.get("q", "").strip(),
        kind=request.GET.get("kind", ""),
        level=request.GET.get("level", ""),
    )
    page = paginate(request, units, per_page=50)
    return render(
        request,
        "orgs/unit_list.html",
        {"page_obj": page, "under": under, "kinds": UnitKind.choices, "levels": UnitLevel.choices},
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _visible_unit(request, unit_id)
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit),
        "children": queries.subtree(unit, include_self=False).filter(depth=unit.depth + 1)[:200],
        "links": unit.channel_links.select_related("channel", "hub"),
        "roster": queries.roster(unit),
        "liuyou": [(unit._meta.get_field(name).verbose_name, getattr(unit, name)) for name in LIUYOU_FIELDS],
        "moves": unit.moves.select_related("from_parent", "to_parent", "moved_by")[:20],
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def vacancies(request: HttpRequest) -> HttpResponse:
    """断档缺人: units reporting to the user's hub (all hubs for the system admin) with no officer."""
    from .roles import Role

    user = request.user
    if user.has_role(Role.SYSTEM_ADMIN):
        units = queries.all_vacancies()
    elif user.unit is not None:
        units = queries.vacancies(user.unit)
    else:
        units = Unit.objects.none()
    page = paginate(request, units.select_related("parent"), per_page=50)
    return render(request, "orgs/vacancies.html", {"page_obj": page})
