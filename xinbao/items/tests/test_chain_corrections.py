"""The core chain as an office uses it (issue: corrections and editor productivity): channels kept with a
draft, sending from the item's page, what the writer sees of the outcome, channel labels, and the editor's
bulk decisions, next-pending and undo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xinbao.core.errors import DomainError
from xinbao.instructions import actions as instruction_actions
from xinbao.items import actions, queries
from xinbao.items.forms import DraftForm
from xinbao.items.models import Adoption, ItemState, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions as pub_actions
from xinbao.publications.tests.factories import periodical, sign_off


def _draft_post(**extra):
    return {
        "category": "news",
        "title": "渠道随草稿保存",
        "body": "正文",
        "writer_name": "王",
        "writer_phone": "123",
        "tone": "neutral",
        "classification": "internal",
        **extra,
    }


def test_channels_are_saved_with_the_draft_and_it_is_sent_from_its_page(city, login):
    client = login(city.officer)
    party = city.channels["party"]
    response = client.post(reverse("items:new"), _draft_post(channels=[party.pk], do="save"))
    item = city.officer.items.get()
    assert response.status_code == 302 and list(item.channels.all()) == [party]
    page = client.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert 'data-testid="submit-from-page"' in page
    client.post(reverse("items:action", args=[item.pk, "submit"]))
    item.refresh_from_db()
    assert item.state == ItemState.PENDING_SIGNOFF


def test_the_returned_items_form_resubmits_for_signing(city, login):
    sub = make_submitted_item(city)
    actions.return_submission(city.county_editor, sub, "补充数据")
    client = login(city.officer)
    form_page = client.get(reverse("items:edit", args=[sub.item_id])).content.decode()
    assert "重新报送" in form_page
    data = _draft_post(title=sub.item.title, body="补充后的正文", channels=[city.channels["party"].pk], do="submit")
    client.post(reverse("items:edit", args=[sub.item_id]), data)
    sub.item.refresh_from_db()
    assert sub.item.state == ItemState.REVISION_SIGNOFF
    assert sub.item in queries.signoff_queue(city.signer)


def test_the_writer_sees_decisions_adoptions_printed_text_and_instructions(city, login):
    sub = make_submitted_item(city, title="原报标题")
    actions.edit_submission(city.county_editor, sub, "刊发时的标题", "刊发时的正文")
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    pub_actions.add_entry(city.county_editor, issue, sub, adopt_now=True)
    issue = sign_off(city, issue)
    pub_actions.publish_issue(city.county_editor, issue)
    instruction_actions.record_instruction(city.county_leader, text="请各乡镇学习借鉴。", item=sub.item)
    page = login(city.officer).get(reverse("items:detail", args=[sub.item_id])).content.decode()
    assert 'data-testid="decisions"' in page and "中共清河县委办公室：已采用" in page
    assert "清河信息" in page and "刊发时的正文" in page  # where it was printed, as printed
    assert "请各乡镇学习借鉴。" in page  # the 批示 text
    mine = login(city.officer).get(reverse("items:mine")).content.decode()
    assert "已采用：中共清河县委办公室《清河信息》" in mine


def test_a_merge_source_shows_the_combined_items_adoption(city, login):
    a = make_submitted_item(city, title="甲")
    b = make_submitted_item(city, officer=city.officer2, title="乙")
    combined = actions.merge(city.county_editor, [a, b], title="综合稿", body="综合正文")
    actions.adopt(city.county_editor, combined)
    assert list(queries.adoptions_of(a.item)) == [Adoption.objects.get(item=combined.item)]
    page = login(city.officer).get(reverse("items:detail", args=[a.item_id])).content.decode()
    assert "综合采用" in page
    assert queries.outcomes([a.item_id])[a.item_id].startswith("已采用")


def test_a_member_writing_in_person_sees_the_office_that_receives_the_item(city):
    member = city.cppcc_member  # attached to the city party office
    form = DraftForm(unit=member.unit, author=member)
    labels = [form.fields["channels"].label_from_instance(c) for c in form.fields["channels"].queryset]
    assert labels == ["党委信息 → 中共江州市委办公室"]
    officer_form = DraftForm(unit=city.township, author=city.officer)
    officer_labels = {
        form_label.split(" → ")[1]
        for form_label in (
            officer_form.fields["channels"].label_from_instance(c) for c in officer_form.fields["channels"].queryset
        )
    }
    assert officer_labels == {"中共清河县委办公室", "清河县人民政府办公室"}


def test_a_signer_return_counts_as_to_revise(city):
    item = actions.create_draft(city.officer, category="news", title="t", body="b", writer_name="王", writer_phone="1")
    actions.submit(city.officer, item, [city.channels["party"]])
    actions.return_signoff(city.signer, item, "数据要核实")
    to_revise = queries.unit_items(city.officer, queries.ItemFilters(state=queries.TO_REVISE))
    assert list(to_revise) == [item]
    actions.submit(city.officer, item, [city.channels["party"]])
    assert not queries.unit_items(city.officer, queries.ItemFilters(state=queries.TO_REVISE)).exists()


# --- The editor -----------------------------------------------------------------------------------


def test_bulk_adopt_reserve_and_return(city, login):
    subs = [make_submitted_item(city, title=f"信息{n}") for n in range(3)]
    client = login(city.county_editor)
    client.post(reverse("items:bulk", args=["adopt"]), {"sub": [subs[0].pk, subs[1].pk]})
    states = [s.state for s in (type(subs[0]).objects.get(pk=s.pk) for s in subs)]
    assert states == [SubmissionState.ADOPTED, SubmissionState.ADOPTED, SubmissionState.PENDING]
    response = client.post(reverse("items:bulk", args=["return"]), {"sub": [subs[2].pk]}, follow=True)
    assert "批量退回时请填写退回理由" in response.content.decode()
    client.post(reverse("items:bulk", args=["return"]), {"sub": [subs[2].pk], "reason": "请补充数据"})
    subs[2].refresh_from_db()
    assert subs[2].state == SubmissionState.RETURNED and subs[2].reason == "请补充数据"
    # An adopted one cannot be reserved: listed as refused, the others done.
    response = client.post(reverse("items:bulk", args=["reserve"]), {"sub": [subs[0].pk]}, follow=True)
    assert "《信息0》" in response.content.decode()


def test_bulk_is_for_the_hubs_own_queue_only(city, login):
    sub = make_submitted_item(city)
    login(city.county2_editor).post(reverse("items:bulk", args=["adopt"]), {"sub": [sub.pk]})
    sub.refresh_from_db()
    assert sub.state == SubmissionState.PENDING
    assert login(city.officer).post(reverse("items:bulk", args=["adopt"]), {"sub": [sub.pk]}).status_code == 403


def test_after_a_decision_the_editor_goes_to_the_next_pending(city, login):
    older = make_submitted_item(city, title="先到的")
    newer = make_submitted_item(city, title="后到的")
    client = login(city.county_editor)
    response = client.post(reverse("items:decide", args=[newer.pk, "adopt"]), {"then": "next"})
    assert response["Location"] == reverse("items:submission", args=[older.pk])
    response = client.post(reverse("items:decide", args=[older.pk, "reserve"]), {"then": "next"})
    assert response["Location"].startswith(reverse("items:queue"))


def test_undo_adopt_until_printed_or_forwarded(city):
    sub = make_submitted_item(city)
    adoption = actions.adopt(city.county_editor, sub)
    actions.undo_adopt(city.county_editor, sub)
    sub.refresh_from_db()
    adoption.refresh_from_db()
    assert sub.state == SubmissionState.PENDING and adoption.revoked_at is not None
    assert not queries.adoptions_of(sub.item).exists()
    # In an issue: refused.
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    pub_actions.add_entry(city.county_editor, issue, sub, adopt_now=True)
    with pytest.raises(DomainError, match="已编入"):
        actions.undo_adopt(city.county_editor, sub)
    # Forwarded: refused too.
    other = make_submitted_item(city, title="另一条")
    actions.adopt(city.county_editor, other)
    actions.forward(city.county_editor, other)
    with pytest.raises(DomainError, match="已转报"):
        actions.undo_adopt(city.county_editor, other)


def test_several_entries_at_once_and_reordering(city, login):
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    subs = [make_submitted_item(city, title=f"稿{n}") for n in range(3)]
    client = login(city.county_editor)
    client.post(reverse("publications:entries_add"), {"issue": issue.pk, "sub": [s.pk for s in subs]})
    entries = list(issue.entries.order_by("position"))
    assert [e.submission_id for e in entries] == [s.pk for s in subs]
    assert all(type(s).objects.get(pk=s.pk).state == SubmissionState.ADOPTED for s in subs)
    new_order = [entries[2].pk, entries[0].pk, entries[1].pk]
    client.post(reverse("publications:entries_reorder", args=[issue.pk]), {"order": ",".join(map(str, new_order))})
    assert list(issue.entries.order_by("position").values_list("pk", flat=True)) == new_order
    # An order that leaves an entry out is refused and changes nothing.
    client.post(reverse("publications:entries_reorder", args=[issue.pk]), {"order": str(entries[0].pk)})
    assert list(issue.entries.order_by("position").values_list("pk", flat=True)) == new_order


def test_an_entrys_editor_note_is_saved_on_its_own(city):
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    sub = make_submitted_item(city)
    entry = pub_actions.add_entry(city.county_editor, issue, sub)
    version = queries.current_version(sub)
    pub_actions.edit_entry(
        city.county_editor, entry, title=version.title, body=version.body, editor_note="编者按：值得推广"
    )
    entry.refresh_from_db()
    assert entry.editor_note == "编者按：值得推广"
