"""Synthetic organisations at scale (``manage.py generate_data``), for benchmarks and load tests.

The tree is laid out like a heap: unit ``i`` (0-based) hangs under unit ``(i - 1) // fanout``, so
parents always come before children and every path can be computed before anything is written.
Ids are allocated up front (max id + 1 …), which lets one ``bulk_create`` write each unit with
its final materialised path (docs/decisions/0002-unit-tree.md), with no second UPDATE pass.

Channel links follow the tree: the root, the cities and the counties are hubs of the party channel,
each reporting to its parent; every unit below a county reports to its county.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db.models import Max

from .demo import person_name
from .models import Channel, Unit, UnitChannel, UnitKind, UnitLevel

SYLLABLES = "青石桃源柳林龙泉云溪凤山东湖白沙金河玉泉松岭梅花杏坛枫桥竹园兰亭荷塘清水长宁永安太平新安和平"
# (suffix, level, kind) by depth; deeper units keep the last entry.
BY_DEPTH = [
    ("省", UnitLevel.PROVINCE, UnitKind.REGION),
    ("市", UnitLevel.CITY, UnitKind.REGION),
    ("县", UnitLevel.COUNTY, UnitKind.REGION),
    ("镇", UnitLevel.TOWNSHIP, UnitKind.TOWNSHIP),
    ("社区", UnitLevel.TOWNSHIP, UnitKind.COMMUNITY),
]
HUB_DEPTH = 2  # counties: the deepest hubs
CODE_PREFIX = "GEN"


@dataclass
class GeneratedTree:
    units: list[Unit]
    links: list[UnitChannel]


def unit_code(pk: int) -> str:
    return f"{CODE_PREFIX}{pk:08d}"


def place_name(rng: random.Random, depth: int) -> str:
    suffix = BY_DEPTH[min(depth, len(BY_DEPTH) - 1)][0]
    return "".join(rng.choice(SYLLABLES) for _ in range(2)) + suffix


def next_unit_id() -> int:
    return (Unit.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def build_tree(count: int, *, seed: int, fanout: int = 12, first_id: int | None = None) -> GeneratedTree:
    """Unsaved units with ids, paths and depths set, plus their party-channel links."""
    rng = random.Random(seed)
    first_id = first_id if first_id is not None else next_unit_id()
    channel = Channel.objects.get(code="party")
    units: list[Unit] = []
    links: list[UnitChannel] = []
    # For each unit: the id of the hub it reports to (its county, or its parent above counties).
    hub_of: list[int | None] = []
    for i in range(count):
        pk = first_id + i
        parent = units[(i - 1) // fanout] if i else None
        depth = parent.depth + 1 if parent else 0
        _suffix, level, kind = BY_DEPTH[min(depth, len(BY_DEPTH) - 1)]
        unit = Unit(
            pk=pk,
            name=place_name(rng, depth),
            code=unit_code(pk),
            parent=parent,
            path=f"{parent.path if parent else '/'}{pk:08d}/",
            depth=depth,
            level=level,
            kind=kind,
            order=i % fanout if i else 0,
        )
        units.append(unit)
        if parent is None:
            hub_of.append(None)
        elif depth <= HUB_DEPTH + 1:
            hub_of.append(parent.pk)
        else:
            hub_of.append(hub_of[(i - 1) // fanout])
        links.append(UnitChannel(unit_id=pk, channel=channel, is_hub=depth <= HUB_DEPTH, hub_id=hub_of[-1]))
    return GeneratedTree(units, links)


def officer_rows(units: list[Unit], *, seed: int) -> list[dict[str, object]]:
    """One officer per unit, for ``bulk_create_people`` (username ``gen<unit id>``)."""
    rng = random.Random(seed + 1)
    return [
        {"username": f"gen{u.pk}", "display_name": person_name(rng), "unit": u, "roles": ["officer"]} for u in units
    ]
