"""Registers the urgent app's findings (迟报/漏报/瞒报/误报) as scoring facts. Lives in scoring because
scoring is the higher layer (urgent may not import it); the facts themselves are urgent's."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from xinbao.urgent.facts import KINDS, finding_facts

from .sources import ScoringFact, register_source


def urgent_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[ScoringFact]:
    for row in finding_facts(unit_ids, start, end):
        yield ScoringFact(**row)


register_source("urgent", urgent_facts, KINDS)
