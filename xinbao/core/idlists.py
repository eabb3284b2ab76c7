"""A long list of ids as one query parameter: ``Item.objects.filter(pk__in_ids=ids)``.

SQLite refuses a statement with more than 32,766 parameters, and Django prepares every value of an
``__in`` list one by one (seconds for a year's recompute at 1,000,000 items). The ``in_ids`` lookup
passes the list as one parameter, whatever its length: one JSON text on SQLite (``json_each``), one array
on PostgreSQL, compared with ``= ANY`` — the planner knows an array's length there, whereas it guesses 200
rows for ``IN (SELECT unnest(…))`` and looks 400,000 ids up one by one (2–3 times slower). The ids are
sorted first: the lookups then walk the primary key in order (a third faster on SQLite)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class InIds(Lookup):
    """``field__in_ids=[…]``: the field's value is one of these integers (registered on every field and foreign key)."""

    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return sorted({int(i) for i in self.rhs})

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            # An array literal as text: the driver adapts a list of 400,000 ints element by element.
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, "{" + ",".join(map(str, self.rhs)) + "}"]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(self.rhs)]


def register() -> None:
    """Called once from ``CoreConfig.ready`` (foreign keys keep lookups of their own: registered there too)."""
    Field.register_lookup(InIds)
    ForeignObject.register_lookup(InIds)


def id_list(ids: Iterable[int]) -> list[int]:
    """(For callers building raw SQL) the ids as ``in_ids`` passes them: distinct, sorted integers."""
    return sorted({int(i) for i in ids})
