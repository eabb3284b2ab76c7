"""The read policy on items' own derived views: what a hub reads of a revision, merges, notifications
and e-mail, the audit log, and admin accounts."""

from __future__ import annotations

from django.urls import reverse

from xinbao.audit.models import AuditRecord
from xinbao.items import actions, policy, queries
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def _texts(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_a_hub_reads_what_was_sent_never_the_units_unsent_revision(city, login):
    sub = make_submitted_item(city, title="原报标题", body="原报正文")
    actions.return_submission(city.county_editor, sub, "请补充")
    actions.update_draft(city.officer, sub.item, title="修改中的标题", body="尚未重新报送的正文")
    editor = login(city.county_editor)
    page = editor.get(reverse("items:detail", args=[sub.item_id])).content.decode()
    assert "原报正文" in page and "原报标题" in page
    assert "尚未重新报送的正文" not in page and "修改中的标题" not in page
    api = editor.get(f"/api/items/items/{sub.item_id}").json()
    assert api["title"] == "原报标题"
    versions = editor.get(f"/api/items/items/{sub.item_id}/versions").json()
    assert [v["body"] for v in versions] == ["原报正文"]
    # The writer sees the revision.
    mine = login(city.officer).get(reverse("items:detail", args=[sub.item_id])).content.decode()
    assert "尚未重新报送的正文" in mine


def test_a_merge_takes_the_strictest_classification_and_readers(city):
    a = make_submitted_item(city, title="甲", classification="secret")
    b = make_submitted_item(city, title="乙", readers="restricted")
    combined = actions.merge(city.county_chief, [a, b], title="综合", body="综合正文")
    item = combined.item
    assert item.classification == "secret" and item.readers == "restricted"
    assert combined.restricted  # editors' queues never list it
    assert not queries.screenable_submissions(city.county_editor).filter(pk=combined.pk).exists()
    assert not policy.may_read(city.county_editor, item)
    assert policy.may_read(city.county_chief, item)


def test_notifications_label_a_title_the_recipient_may_not_read(city):
    make_submitted_item(city, title="机密的标题", classification="confidential")
    editor_texts = _texts(city.county_editor)  # editors are told something arrived, not what
    assert editor_texts and all("机密的标题" not in t for t in editor_texts)
    assert any("〔涉密信息〕" in t for t in editor_texts)
    assert any("机密的标题" in t for t in _texts(city.officer))  # the writer reads their own title


def test_the_email_copy_never_carries_a_sensitive_title(city, settings):
    from xinbao.notify.models import Delivery
    from xinbao.orgs.models import User

    settings.EMAIL_HOST = "127.0.0.1"
    User.objects.filter(pk=city.officer.pk).update(email="officer@qh.example")
    city.officer.refresh_from_db()
    make_submitted_item(city, title="秘密的标题", classification="secret")
    mails = list(Delivery.objects.filter(channel="email").values_list("text", flat=True))
    assert mails and all("秘密的标题" not in t for t in mails)
    assert any("秘密的标题" in t for t in _texts(city.officer))


def test_the_audit_log_names_a_sensitive_item_by_number(city):
    sub = make_submitted_item(city, title="机密的标题", classification="confidential")
    actions.edit_submission(city.county_chief, sub, "改过的机密标题", "正文")
    rows = AuditRecord.objects.filter(object_type__startswith="items.")
    assert rows.exists()
    for row in rows:
        logged = f"{row.object_repr}{row.old_values}{row.new_values}"
        assert "机密的标题" not in logged and "改过的机密标题" not in logged, logged


def test_admin_accounts_read_no_items(city, login):
    sub = make_submitted_item(city)
    for admin in (city.sysadmin, city.secadmin, city.auditadmin):
        assert not queries.visible_items(admin).exists()
        assert policy.titles_for(admin, {sub.item_id: "标题"}) == {sub.item_id: policy.neutral_label(sub.item_id)}
        client = login(admin)
        assert client.get(reverse("items:detail", args=[sub.item_id])).status_code == 403
        assert client.get(reverse("items:submission", args=[sub.pk])).status_code == 403
        assert client.get(reverse("items:queue")).status_code == 403
