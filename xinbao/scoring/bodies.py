"""The register of adopting bodies (采用机关名录) and writers' attributes, as the rules and sources read them."""

from __future__ import annotations

from collections import defaultdict

from .models import AdoptingBody, BodyLevel, PersonAttribute


def _hubs() -> list[tuple[str, str, str]]:
    """The system's own hubs are adopting bodies too (name, short name, level)."""
    from xinbao.orgs.models import Unit

    hubs = Unit.objects.filter(channel_links__is_hub=True, deleted_at__isnull=True).distinct().order_by("path")
    return list(hubs.values_list("name", "short_name", "level"))


def name_map() -> dict[str, str]:
    """Every registered name and alias, and every hub's name and short name → the registered name."""
    result: dict[str, str] = {}
    for body in AdoptingBody.objects.filter(deleted_at__isnull=True):
        result[body.name] = body.name
        for alias in body.alias_list:
            result.setdefault(alias, body.name)
    for name, short, _level in _hubs():
        result.setdefault(name, name)
        if short:
            result.setdefault(short, name)
    return result


def choices() -> list[tuple[str, str]]:
    """(value, hint) pairs for the adoption form's picker: names, then aliases pointing to their name."""
    result: list[tuple[str, str]] = []
    for body in AdoptingBody.objects.filter(deleted_at__isnull=True):
        result.append((body.name, body.get_level_display()))
        result += [(alias, f"= {body.name}") for alias in body.alias_list]
    labels = dict(BodyLevel.choices)
    for name, short, level in _hubs():
        result.append((name, str(labels.get(level, ""))))
        if short:
            result.append((short, f"= {name}"))
    return result


def attribute_names() -> set[str]:
    return set(PersonAttribute.objects.values_list("name", flat=True))


def attributes_of(person_ids: set[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    rows = PersonAttribute.objects.filter(person_id__in=person_ids).order_by("person_id", "name")
    for person_id, name in rows.values_list("person_id", "name"):
        result[person_id].append(name)
    return result
