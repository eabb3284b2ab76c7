"""直报采用: a unit's own report straight to a higher office, adopted there — recorded by the unit's signer
or by a hub the item reached, always with evidence; refused to others and before the item left the unit;
scored as its own path (rules match ``direct``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.items import actions
from xinbao.items.models import Adoption
from xinbao.items.testing import make_submitted_item
from xinbao.scoring import actions as scoring_actions
from xinbao.scoring import queries as scoring_queries
from xinbao.scoring.tests.factories import rule_set

D = datetime.date
NOW = datetime.datetime(2026, 6, 30, 9, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evidence() -> SimpleUploadedFile:
    return SimpleUploadedFile("采用通知.pdf", PDF, content_type="application/pdf")


def _direct(user, item, **kw):  # type: ignore[no-untyped-def]
    fields = {"adopter_name": "省委办公厅", "level": "province", "adopted_on": D(2026, 6, 20), "evidence": _evidence()}
    return actions.record_direct_adoption(user, item, **{**fields, **kw})


@time_machine.travel(NOW, tick=False)
def test_the_signer_or_a_receiving_hub_records_a_direct_report_with_evidence(city):
    item = make_submitted_item(city).item
    by_signer = _direct(city.signer, item)
    assert (by_signer.direct, by_signer.external, by_signer.forwarded) == (True, True, False)
    assert {c.unit_id for c in by_signer.credits.all()} == {city.township.pk}
    audit = AuditRecord.objects.filter(action="items.record_adoption").latest("id")
    assert audit.actor == city.signer and audit.new_values["direct"] is True
    by_hub = _direct(city.county_editor, item, adopter_name="中办", level="central")
    assert by_hub.recorded_by == city.county_editor


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["officer", "signer2", "county_gov_editor", "city_editor", "county_leader", "sysadmin"])
def test_nobody_else_may_record_it(city, who):
    item = make_submitted_item(city).item
    with pytest.raises(PermissionRefused):
        _direct(getattr(city, who), item)
    assert not Adoption.objects.filter(direct=True).exists()


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_refused_and_changes_nothing(city):
    item = make_submitted_item(city).item
    draft = actions.create_draft(
        city.officer, category="news", title="草稿", body="正文", writer_name="王", writer_phone="1"
    )
    with pytest.raises(DomainError, match="签发报送后"):
        _direct(city.signer, draft)
    with pytest.raises(DomainError, match="佐证材料"):
        _direct(city.signer, item, evidence=None)
    with pytest.raises(DomainError, match="不能晚于今天"):
        _direct(city.signer, item, adopted_on=D(2026, 7, 1))
    with pytest.raises(DomainError, match="请填写采用机关"):
        _direct(city.signer, item, adopter_name=" ")
    assert not Adoption.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_page_offers_it_to_the_signer_only_and_requires_evidence(city, login):
    item = make_submitted_item(city).item
    assert 'data-testid="direct-adoption"' not in login(city.officer).get(f"/items/{item.pk}/").content.decode()
    assert login(city.officer).get(f"/items/{item.pk}/direct/").status_code == 403
    signer = login(city.signer)
    assert 'data-testid="direct-adoption"' in signer.get(f"/items/{item.pk}/").content.decode()
    data = {
        "adopter_name": "省委办公厅",
        "level": "province",
        "adopted_on": "2026-06-20",
        "publication": "《每日要情》",
    }
    missing = signer.post(f"/items/{item.pk}/direct/", data)
    assert missing.status_code == 200 and "此项必须填写" in missing.content.decode()
    done = signer.post(f"/items/{item.pk}/direct/", {**data, "evidence": _evidence()})
    assert done.status_code == 302
    assert "单位直报" in signer.get(f"/items/{item.pk}/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_rules_score_the_direct_path_apart_from_forwarding(city):
    """省委办公厅采用：经本办转报 10 分；单位直报 6 分（worked: one of each → 城关镇 16）."""
    text = (
        "name: 直报与转报\nperiod: year\nadoptions:\n"
        "  - {key: via_us, label: 经本办转报被省委办采用, match: {levels: [province], forwarded: true}, points: 10}\n"
        "  - {key: direct, label: 直报被省委办采用, match: {levels: [province], direct: true}, points: 6}\n"
    )
    rs = rule_set(city.county_hub, city.channels["party"], text, D(2026, 1, 1))
    forwarded_sub = make_submitted_item(city, title="经县委办转报的信息")
    actions.adopt(city.county_editor, forwarded_sub)
    actions.forward(city.county_editor, forwarded_sub)
    actions.record_external_adoption(
        city.county_editor, forwarded_sub, adopter_name="省委办公厅", level="province", adopted_on=D(2026, 6, 10)
    )
    _direct(city.signer, make_submitted_item(city, title="直报省委办的信息").item)
    year = (D(2026, 1, 1), D(2026, 12, 31))
    scoring_actions.recompute(city.county_editor, rs, *year)
    lines = sorted((e.rule_key, e.points) for e in scoring_queries.unit_entries(rs, city.township, *year))
    assert lines == [("direct", Decimal(6)), ("via_us", Decimal(10))]
