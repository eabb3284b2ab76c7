"""Writes of the register of adopting bodies (采用机关名录) and of writers' attributes (人员身份)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties
from xinbao.orgs.models import User

from .models import AdoptingBody, BodyLevel, PersonAttribute


def _clean(text: str, field: str, limit: int) -> str:
    value = (text or "").strip()
    if not value:
        raise DomainError(_("请填写名称。"), field=field)
    if len(value) > limit:
        raise DomainError(_("不能超过%(n)s个字。") % {"n": limit}, field=field)
    return value


@write_action
def save_adopting_body(
    user: User | None, *, name: str, aliases: str = "", level: str, body: AdoptingBody | None = None
) -> AdoptingBody:
    """Register a body (or change one): its name, short names and level. A name or short name used by
    another body is refused, so one name never means two bodies."""
    duties.require(duties.can_keep_adopting_bodies(user), _("只有汇总单位的信息科人员可以维护采用机关名录。"))
    name = _clean(name, "name", 100)
    if level not in BodyLevel.values:
        raise DomainError(_("请选择级别。"), field="level")
    candidate = AdoptingBody(name=name, aliases=(aliases or "").strip()[:400], level=level)
    others = AdoptingBody.objects.filter(deleted_at__isnull=True)
    if body is not None:
        others = others.exclude(pk=body.pk)
    taken = {n for other in others for n in (other.name, *other.alias_list)}
    clash = sorted(taken & {candidate.name, *candidate.alias_list})
    if clash:
        raise DomainError(_("名称“%(n)s”已属于名录中的其他机关。") % {"n": "、".join(clash)}, field="aliases")
    old = {"name": body.name, "aliases": body.aliases, "level": body.level} if body else None
    # A deleted body of the same name comes back rather than clashing with the unique name.
    deleted = AdoptingBody.objects.filter(name=name, deleted_at__isnull=False)
    if body is not None:
        deleted = deleted.exclude(pk=body.pk)
    if body is not None and deleted.exists():
        raise DomainError(_("名称“%(n)s”属于已删除的机关，请直接重新登记该名称。") % {"n": name}, field="name")
    target = body or deleted.first() or AdoptingBody()
    target.name, target.aliases, target.level, target.deleted_at = candidate.name, candidate.aliases, level, None
    target.save()
    record(
        user,
        "scoring.save_adopting_body",
        target,
        old=old,
        new={"name": name, "aliases": target.aliases, "level": level},
    )
    return target


@write_action
def delete_adopting_body(user: User | None, body: AdoptingBody) -> None:
    """Soft delete: rules naming it warn again; adoptions keep the name they were recorded with."""
    duties.require(duties.can_keep_adopting_bodies(user), _("只有汇总单位的信息科人员可以维护采用机关名录。"))
    body.deleted_at = timezone.now()
    body.save(update_fields=["deleted_at"])
    record(user, "scoring.delete_adopting_body", body)


@write_action
def add_person_attribute(user: User | None, person: User, *, name: str, level: str = "") -> PersonAttribute:
    duties.require(duties.can_tag_writer(user, person), _("只能为本汇总单位所辖的人员登记身份。"))
    name = _clean(name, "name", 40)
    if level and level not in BodyLevel.values:
        raise DomainError(_("请选择级别。"), field="level")
    attribute, created = PersonAttribute.objects.get_or_create(person=person, name=name, defaults={"level": level})
    if not created:
        raise DomainError(_("%(p)s已登记身份“%(n)s”。") % {"p": person, "n": name}, field="name")
    record(user, "scoring.add_person_attribute", person, new={"name": name, "level": level})
    return attribute


@write_action
def remove_person_attribute(user: User | None, attribute: PersonAttribute) -> None:
    duties.require(duties.can_tag_writer(user, attribute.person), _("只能为本汇总单位所辖的人员登记身份。"))
    record(user, "scoring.remove_person_attribute", attribute.person, old={"name": attribute.name})
    attribute.delete()
