"""The item's journey through the real actions: draft, sign-off, screening, versions, forward, adopt."""

from __future__ import annotations

import pytest

from xinbao.core.errors import ConflictError, DomainError, InvalidTransition, PermissionRefused
from xinbao.items import actions, queries
from xinbao.items.models import ItemState, ItemVersion, SignoffReturn, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def _draft(city, **kw):
    kw.setdefault("writer_name", "王芳")
    kw.setdefault("writer_phone", "0571-1234567")
    return actions.create_draft(
        city.officer, category="problem", title="城关镇农村饮水存在季节性短缺", body="事实。原因。建议。", **kw
    )


def test_draft_submit_sign_reaches_own_hub_only(city):
    item = _draft(city)
    actions.submit(city.officer, item, [city.channels["party"], city.channels["gov"]])
    item.refresh_from_db()
    assert item.state == ItemState.PENDING_SIGNOFF
    assert Notification.objects.filter(recipient=city.signer, kind="items.signoff_requested").count() == 1
    subs = actions.sign_off(city.signer, item)
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED and item.signer == city.signer and item.signed_at is not None
    assert {(s.hub, s.channel.code) for s in subs} == {(city.county_hub, "party"), (city.county_gov_hub, "gov")}
    assert Notification.objects.filter(recipient=city.county_editor, kind="items.received").count() == 1


def test_submit_refused_in_channel_without_hub(city):
    item = actions.create_draft(
        city.officer2, category="news", title="新华镇动态", body="正文", writer_name="李", writer_phone="123"
    )
    with pytest.raises(DomainError, match="不在“政务信息”渠道"):
        actions.submit(city.officer2, item, [city.channels["gov"]])
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT and not item.channels.exists()


def test_incomplete_item_cannot_leave_the_writer(city):
    item = actions.create_draft(city.officer, category="news", title="只有标题", body="")
    with pytest.raises(DomainError, match="正文不能为空"):
        actions.submit(city.officer, item, [city.channels["party"]])
    assert _state(item) == ItemState.DRAFT


def _state(item):
    item.refresh_from_db()
    return item.state


def test_officer_cannot_draft_for_another_unit(city):
    with pytest.raises(PermissionRefused):
        actions.create_draft(city.officer, unit=city.township2, category="news", title="冒名", body="x")


def test_signer_return_is_recorded_and_writer_told(city):
    item = _draft(city)
    actions.submit(city.officer, item, [city.channels["party"]])
    with pytest.raises(DomainError, match="理由"):
        actions.return_signoff(city.signer, item, "  ")
    actions.return_signoff(city.signer, item, "数据需核实")
    assert _state(item) == ItemState.DRAFT
    assert SignoffReturn.objects.get(item=item).reason == "数据需核实"
    assert Notification.objects.filter(recipient=city.officer, kind="items.signoff_returned").exists()
    actions.submit(city.officer, item, [city.channels["party"]])
    with pytest.raises(PermissionRefused):  # another unit's signer
        actions.sign_off(city.signer2, item)


def test_return_revise_resubmit_keeps_both_versions(city):
    sub = make_submitted_item(city)
    first = queries.current_version(sub)
    actions.return_submission(city.county_editor, sub, "请补充具体数据")
    assert _state(sub.item) == ItemState.RETURNED
    with pytest.raises(DomainError, match="请先按要求修改"):
        actions.resubmit(city.officer, sub.item)
    actions.update_draft(city.officer, sub.item, body=first.body + "全年共办件1.2万件。")
    actions.resubmit(city.officer, sub.item)
    # The revision waits for the unit's signer: a signature vouches only for the text it was given to.
    assert _state(sub.item) == ItemState.REVISION_SIGNOFF
    sub.refresh_from_db()
    assert sub.state == SubmissionState.RETURNED and queries.current_version(sub) == first
    actions.sign_off(city.signer, sub.item)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.PENDING and _state(sub.item) == ItemState.SUBMITTED
    now = queries.current_version(sub)
    assert now.number == first.number + 1 and now.body.endswith("1.2万件。")
    assert now.signed_by == city.signer and now.signed_at is not None and now.signed_at > first.signed_at
    assert ItemVersion.objects.get(pk=first.pk).body == first.body  # the submitted original never changes


def test_hub_edit_makes_version_and_original_is_kept(city):
    sub = make_submitted_item(city)
    original = queries.current_version(sub)
    version = actions.edit_submission(city.county_editor, sub, "清河县城关镇“一窗通办”见实效", original.body, "改标题")
    sub.refresh_from_db()
    assert sub.title == "清河县城关镇“一窗通办”见实效"
    assert queries.current_version(sub) == version and version.editor == city.county_editor
    assert ItemVersion.objects.get(pk=original.pk).title == original.title
    with pytest.raises(PermissionRefused):
        actions.edit_submission(city.county2_editor, sub, "越权", "x")


def test_forward_and_adopt_up_the_route(city):
    sub = make_submitted_item(city)
    adoption = actions.adopt(city.county_editor, sub)
    assert adoption.level == "county" and adoption.adopter == city.county_hub
    upper = actions.forward(city.county_editor, sub)
    assert upper.hub == city.city_hub and upper.parent == sub and upper.origin_unit == city.township
    with pytest.raises(DomainError, match="不能重复转报"):
        actions.forward(city.county_editor, sub)
    city_adoption = actions.adopt(city.city_editor, upper)
    assert city_adoption.level == "city" and city_adoption.forwarded
    routes = queries.item_route(sub.item)
    assert [[s.hub for s in r] for r in routes] == [[city.county_hub, city.city_hub]]
    kinds = set(Notification.objects.filter(recipient=city.officer).values_list("kind", flat=True))
    assert {"items.signed", "items.adopted", "items.forwarded"} <= kinds


def test_adopt_is_idempotent_per_issue_and_fills_in_the_decision(city):
    from xinbao.publications import actions as pub_actions
    from xinbao.publications.tests.factories import periodical

    paper = periodical(city)
    first, second = (pub_actions.create_issue(city.county_editor, paper) for _ in range(2))
    sub = make_submitted_item(city)
    decided = actions.adopt(city.county_editor, sub)
    assert actions.adopt(city.county_editor, sub) == decided  # pressed twice
    in_issue = actions.adopt(city.county_editor, sub, issue_id=first.pk, periodical_id=paper.pk, issue_label="第5期")
    assert in_issue.pk == decided.pk and in_issue.issue_id == first.pk and in_issue.adopted_on == decided.adopted_on
    again = actions.adopt(city.county_editor, sub, issue_id=first.pk, periodical_id=paper.pk)
    assert again.pk == decided.pk
    other_issue = actions.adopt(city.county_editor, sub, issue_id=second.pk, periodical_id=paper.pk)
    assert other_issue.pk != decided.pk
    assert list(queries.adoptions_of(sub.item)) == [in_issue, other_issue]


def test_concurrent_decisions_second_refused(city):
    sub = make_submitted_item(city)
    seen = Submission.objects.get(pk=sub.pk).revision  # both editors opened the page at this revision
    actions.adopt(city.county_editor, sub, revision=seen)
    with pytest.raises(ConflictError, match="已被"):
        actions.reject(city.county_editor2, sub, "不采用", revision=seen)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ADOPTED and sub.reason == ""


def test_reject_and_reserve(city):
    sub = make_submitted_item(city)
    actions.reserve(city.county_editor, sub)
    actions.reject(city.county_editor, sub, "内容重复")
    sub.refresh_from_db()
    assert sub.state == SubmissionState.REJECTED and sub.reason == "内容重复"
    with pytest.raises(InvalidTransition):
        actions.adopt(city.county_editor, sub)


def test_merge_keeps_every_source_credit(city):
    a = make_submitted_item(city, title="城关镇秋粮收购进度过半")
    b = make_submitted_item(city, officer=city.officer2, title="新华镇秋粮收购遇仓容不足")
    combined = actions.merge(city.county_editor, [a, b], title="我县秋粮收购总体平稳", body="综合稿正文")
    assert combined.hub == city.county_hub and combined.item.is_combined
    for s in (a, b):
        s.refresh_from_db()
        assert s.state == SubmissionState.MERGED
    adoption = actions.adopt(city.county_editor, combined)
    credited = {(c.unit_id, c.person_id) for c in adoption.credits.all()}
    assert credited == {(city.township.pk, city.officer.pk), (city.township2.pk, city.officer2.pk)}
    assert adoption.kind == "combined"


def test_no_way_to_skip_the_own_hub(city):
    """越级: the actions take channels, never a hub; a unit not in a channel cannot send there at all."""
    import inspect

    assert "hub" not in inspect.signature(actions.submit).parameters
    assert "hub" not in inspect.signature(actions.sign_off).parameters
    sub = make_submitted_item(city)
    assert sub.hub == city.county_hub  # never the city or province hub
    with pytest.raises(PermissionRefused):  # only the receiving hub may forward it upward
        actions.forward(city.officer, sub)


def test_external_adoption_with_evidence(city, settings, tmp_path):
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    sub = make_submitted_item(city)
    actions.adopt(city.county_editor, sub)
    with pytest.raises(DomainError, match="不支持的附件类型"):
        actions.record_external_adoption(
            city.county_editor,
            sub,
            adopter_name="省委办公厅",
            level="province",
            adopted_on=datetime.date(2026, 11, 1),
            evidence=SimpleUploadedFile("证明.exe", b"MZ"),
        )
    adoption = actions.record_external_adoption(
        city.county_editor,
        sub,
        adopter_name="省委办公厅",
        publication="《每日要情》",
        issue_label="第210期",
        level="province",
        adopted_on=datetime.date(2026, 11, 1),
        evidence=SimpleUploadedFile("证明.pdf", b"%PDF-1.4"),
    )
    assert adoption.external and adoption.level == "province" and adoption.evidence.name.endswith(".pdf")
    assert {c.unit_id for c in adoption.credits.all()} == {city.township.pk}
    with pytest.raises(PermissionRefused):
        actions.record_external_adoption(
            city.county2_editor, sub, adopter_name="中办", level="central", adopted_on=datetime.date(2026, 11, 1)
        )


def test_signoff_returns_are_countable(city):
    import datetime

    from django.utils import timezone

    item = _draft(city)
    for reason in ("数据需核实", "表述不准确"):
        actions.submit(city.officer, item, [city.channels["party"]])
        actions.return_signoff(city.signer, item, reason)
    today = timezone.localdate()
    rows = queries.signoff_returns_between(today - datetime.timedelta(days=1), today)
    assert [r.item.unit for r in rows] == [city.township, city.township]


def test_upper_hub_returns_to_the_lower_hub(city):
    sub = make_submitted_item(city)
    actions.adopt(city.county_editor, sub)
    upper = actions.forward(city.county_editor, sub)
    actions.return_submission(city.city_editor, upper, "请核实数据来源")
    assert _state(sub.item) == ItemState.SUBMITTED  # the writer's item is not reopened
    assert Notification.objects.filter(recipient=city.county_editor, kind="items.returned").exists()
    with pytest.raises(PermissionRefused):
        actions.resend_forward(city.officer, upper)
    actions.edit_submission(city.county_editor, sub, sub.title, "核实后的正文")
    actions.resend_forward(city.county_editor, upper)
    upper.refresh_from_db()
    assert upper.state == SubmissionState.PENDING
    assert queries.current_version(upper).body == "核实后的正文"


def test_one_signed_revision_answers_every_hub_that_returned_it(city):
    item = _draft(city)
    actions.submit(city.officer, item, [city.channels["party"], city.channels["gov"]])
    party, gov = sorted(actions.sign_off(city.signer, item), key=lambda s: s.channel.code == "gov")
    actions.return_submission(city.county_editor, party, "补充数据")
    actions.return_submission(city.county_gov_editor, gov, "补充数据")
    actions.update_draft(city.officer, item, body="修改后的正文")
    actions.resubmit(city.officer, item)
    actions.sign_off(city.signer, item)
    assert _state(item) == ItemState.SUBMITTED
    for sub in (party, gov):
        sub.refresh_from_db()
        assert sub.state == SubmissionState.PENDING
        assert queries.current_version(sub).body == "修改后的正文"


def test_the_signer_may_return_a_revision_to_the_writer(city):
    sub = make_submitted_item(city)
    actions.return_submission(city.county_editor, sub, "请补充")
    actions.update_draft(city.officer, sub.item, body="补充后的正文")
    actions.resubmit(city.officer, sub.item)
    actions.return_signoff(city.signer, sub.item, "数据还需核实")
    assert _state(sub.item) == ItemState.RETURNED  # back to the writer, still answering the hub's return
    with pytest.raises(PermissionRefused):
        actions.sign_off(city.officer, sub.item)


def test_editing_after_return_never_touches_the_submitted_text(city):
    sub = make_submitted_item(city)
    submitted = queries.current_version(sub)
    actions.return_submission(city.county_editor, sub, "改")
    actions.update_draft(city.officer, sub.item, body="第一次修改")
    actions.update_draft(city.officer, sub.item, body="第二次修改")  # autosave: same working version
    versions = list(queries.unit_versions(sub.item))
    assert [v.body for v in versions] == [submitted.body, "第二次修改"]
    assert queries.current_version(sub) == submitted  # not resubmitted yet


def test_merge_refused_for_foreign_or_single_submissions(city):
    a = make_submitted_item(city)
    b = make_submitted_item(city, officer=city.officer3)
    with pytest.raises(DomainError, match="至少选择两条"):
        actions.merge(city.county_editor, [a], title="t", body="b")
    with pytest.raises(PermissionRefused):
        actions.merge(city.county_editor, [a, b], title="t", body="b")
    a.refresh_from_db()
    assert a.state == SubmissionState.PENDING


def test_presence_shows_other_editors_for_five_minutes(city):
    import datetime

    import time_machine

    sub = make_submitted_item(city)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC), tick=False):
        actions.touch_presence(city.county_editor2, sub)
        assert queries.others_viewing(sub, city.county_editor) == [city.county_editor2]
        assert queries.others_viewing(sub, city.county_editor2) == []
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, 6, tzinfo=datetime.UTC), tick=False):
        assert queries.others_viewing(sub, city.county_editor) == []


def test_cppcc_member_submits_in_person_to_the_own_office(city):
    item = actions.create_draft(
        city.cppcc_member,
        category="opinion",
        title="群众反映农村寄递物流不畅",
        body="建议建设村级寄递物流综合服务站。",
        writer_name="委员",
        writer_phone="139",
    )
    actions.submit(city.cppcc_member, item, [city.channels["party"]])
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED and item.signer is None and item.signed_at is None
    sub = Submission.objects.get(item=item)
    assert sub.hub == city.city_hub  # the office the member is attached to, not the province above it
    assert Notification.objects.filter(recipient=city.city_editor, kind="items.received").exists()


def test_external_adoption_only_for_adopted_submissions(city):
    import datetime

    sub = make_submitted_item(city)
    with pytest.raises(DomainError, match="已采用"):
        actions.record_external_adoption(
            city.county_editor, sub, adopter_name="中办", level="central", adopted_on=datetime.date(2026, 11, 1)
        )
