"""After ``make run``'s demo load every demo rule set ranks its units (or, at the CPPCC office, its
members) with realistic, non-zero figures, and each ledger is the sum of its lines."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum

from xinbao.scoring import queries
from xinbao.scoring.models import RuleSet, ScoreEntry

MID_YEAR = datetime.datetime(2026, 7, 15, 2, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_demo_rule_sets_score_a_year_of_history() -> None:
    with time_machine.travel(MID_YEAR, tick=False):
        call_command("demo_data", stdout=io.StringIO())
    year = (datetime.date(2026, 1, 1), datetime.date(2026, 7, 15))
    rule_sets = {rs.name: rs for rs in RuleSet.objects.all()}
    assert len(rule_sets) == 5
    for name, rs in rule_sets.items():
        rows = queries.unit_ranking(rs, *year)
        writers = queries.writer_ranking(rs, *year)
        scored = [r for r in rows if r.total > 0] + [w for w in writers if w.total > 0]
        assert len(scored) >= 5, name
        # A unit's total is the sum of its ledger lines.
        top = rows[0]
        lines = ScoreEntry.objects.filter(rule_set=rs, unit_id=top.unit_id, writer_only=False, on__lte=year[1])
        assert (lines.aggregate(s=Sum("points"))["s"] or 0) == top.total, name
    # The CPPCC office has its 社情民意 periodical; its rule set pays 稿酬 in yuan; its members have history.
    from xinbao.publications.models import Periodical

    assert Periodical.objects.filter(hub__code="JZ-ZX", name="社情民意").exists()
    assert rule_sets["市政协社情民意信息考核（委员个人）"].active_version.spec["unit"] == "yuan"
    members = queries.writer_ranking(rule_sets["市政协社情民意信息考核（委员个人）"], *year)
    assert members[0].total > 0 and members[0].unit_name == "政协江州市委员会办公室"
    assert "政协江州市委员会办公室" not in {
        r.name for r in queries.unit_ranking(rule_sets["市政协社情民意信息考核（委员个人）"], *year)
    }
