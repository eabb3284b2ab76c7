"""Synthetic organisations at scale (``manage.py generate_data``), for benchmarks and load tests.

The tree is laid out like a heap: unit ``i`` (0-based) hangs under unit ``(i - 1) // fanout``, so
parents always come before children and every path can be computed before anything is written.
Ids are allocated up front (max id + 1 …), so each unit is written once with its final
materialised path (docs/decisions/0002-unit-tree.md), as plain rows (no model instances: at
50,000 units the ORM's per-field work would cost more than the database).

Channel links follow the tree: the root, the cities and the counties are hubs of the party channel,
each reporting to its parent; every unit below a county reports to its county.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from .demo import person_name
from .models import Unit, UnitKind, UnitLevel

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
    """Unit rows (model attribute → value) and their links ``(unit_id, is_hub, hub_id)``."""

    units: list[dict[str, Any]]
    links: list[tuple[int, bool, int | None]]

    @property
    def first_id(self) -> int:
        return self.units[0]["id"]

    @property
    def last_id(self) -> int:
        return self.units[-1]["id"]


def unit_code(pk: int) -> str:
    return f"{CODE_PREFIX}{pk:08d}"


def place_name(rng: random.Random, depth: int) -> str:
    suffix = BY_DEPTH[min(depth, len(BY_DEPTH) - 1)][0]
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + suffix


def next_unit_id() -> int:
    return (Unit.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def build_tree(count: int, *, seed: int, fanout: int = 12, first_id: int | None = None) -> GeneratedTree:
    """Unit rows with ids, paths and depths set, plus their party-channel links."""
    rng = random.Random(seed)
    first_id = first_id if first_id is not None else next_unit_id()
    units: list[dict[str, Any]] = []
    links: list[tuple[int, bool, int | None]] = []
    for i in range(count):
        pk = first_id + i
        parent = units[(i - 1) // fanout] if i else None
        depth = parent["depth"] + 1 if parent else 0
        _suffix, level, kind = BY_DEPTH[min(depth, len(BY_DEPTH) - 1)]
        units.append(
            {
                "id": pk,
                "name": place_name(rng, depth),
                "code": unit_code(pk),
                "parent_id": parent["id"] if parent else None,
                "path": f"{parent['path'] if parent else '/'}{pk:08d}/",
                "depth": depth,
                "level": level.value,
                "kind": kind.value,
                "order": i % fanout if i else 0,
            }
        )
        # The hub a unit reports to: its parent down to the counties, then its county.
        if parent is None:
            hub = None
        elif depth <= HUB_DEPTH + 1:
            hub = parent["id"]
        else:
            hub = links[(i - 1) // fanout][2]
        links.append((pk, depth <= HUB_DEPTH, hub))
    return GeneratedTree(units, links)


def officer_rows(tree: GeneratedTree, *, seed: int) -> list[dict[str, object]]:
    """One officer per unit, for ``bulk_create_people`` (username ``gen<unit id>``)."""
    rng = random.Random(seed + 1)
    return [
        {"username": f"gen{u['id']}", "display_name": person_name(rng), "unit_id": u["id"], "roles": ["officer"]}
        for u in tree.units
    ]
