"""The urgent app's findings as scoring facts (the rows scoring's registered source wraps).

Scoring sits above urgent, so urgent cannot call ``scoring.sources.register_source`` itself; scoring's
one-line hook (``xinbao/scoring/urgent_source.py``) registers ``finding_facts`` under the already
declared kinds. One fact per live (not withdrawn) finding, dated on its finding day."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import queries

KINDS: dict[str, Any] = {
    "urgent.late": _("紧急信息迟报"),
    "urgent.missed": _("紧急信息漏报"),
    "urgent.concealed": _("紧急信息瞒报"),
    "urgent.wrong": _("紧急信息误报"),
}


def finding_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[dict[str, Any]]:
    wanted = set(unit_ids)
    for finding in queries.findings_between(wanted, start, end):
        if finding.unit_id not in wanted:
            continue
        about = finding.event.public_title if finding.event else ""
        late = f"（{finding.minutes_late}分钟）" if finding.minutes_late else ""
        yield {
            "kind": f"urgent.{finding.kind}",
            "unit_id": finding.unit_id,
            "on": finding.found_on,
            "source_type": "urgent.finding",
            "source_id": finding.pk,
            "title": f"{finding.get_kind_display()}{late}{'：' + about if about else ''}",
            "attrs": {
                "minutes_late": finding.minutes_late or 0,
                "hub": finding.hub_id,
                # 通报: who circulated the lapse (scoring maps the name through its register of bodies).
                "circulated": bool(finding.circulated_by),
                "circulated_by": finding.circulated_by,
                "circulated_level": finding.circulated_level,
            },
        }
