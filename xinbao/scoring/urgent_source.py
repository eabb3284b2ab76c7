"""The urgent app's findings (迟报/漏报/瞒报/误报) as scoring facts, scored live. Lives in scoring because
scoring is the higher layer (urgent may not import it); the facts themselves are urgent's
(``xinbao.urgent.facts``), and urgent's ``finding_changed`` signal rescores the finding's period."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from xinbao.urgent.facts import KINDS, finding_facts
from xinbao.urgent.signals import finding_changed

from .bodies import name_map
from .sources import ScoringFact, register_source


def urgent_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[ScoringFact]:
    canonical: dict[str, str] | None = None
    for row in finding_facts(unit_ids, start, end):
        by = row["attrs"]["circulated_by"]
        if by:  # 省委办 and 江南省委办公厅 are one body for the rules (read once, only when needed)
            canonical = name_map() if canonical is None else canonical
            row["attrs"]["circulated_by"] = canonical.get(by, by)
        yield ScoringFact(**row)


def on_finding(finding: Any, **_: Any) -> None:
    from .tasks import schedule

    schedule({finding.unit_id}, finding.found_on)  # scored after commit (tasks.score_event)


register_source("urgent", urgent_facts, KINDS)
finding_changed.connect(on_finding, dispatch_uid="scoring.on_urgent_finding")
