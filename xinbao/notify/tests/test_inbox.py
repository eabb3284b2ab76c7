"""The inbox: messages reach active recipients, mark-read and mark-all-read only touch one's own."""

from xinbao.notify.actions import notify
from xinbao.notify.models import Notification


def test_notify_skips_inactive_and_duplicates(city):
    city.signer.is_active = False
    rows = notify([city.officer, city.officer, city.signer, None], "test", "您的信息已采用", "/items/1/")
    assert [r.recipient_id for r in rows] == [city.officer.pk]


def test_mark_one_read_only_touches_that_message(city, login):
    first, second = (notify([city.officer], "test", text)[0] for text in ("第一条", "第二条"))
    other = notify([city.signer], "test", "别人的")[0]
    client = login(city.officer)
    assert "第一条" in client.get("/inbox/?unread=1").content.decode()
    client.post("/inbox/read/", {"id": [first.pk, other.pk]})
    read = dict(Notification.objects.values_list("text", "read_at"))
    assert read["第一条"] is not None and read["第二条"] is None and read["别人的"] is None
    assert "第一条" not in client.get("/inbox/?unread=1").content.decode()
    assert second.pk in [n.pk for n in client.get("/inbox/?unread=1").context["page_obj"]]


def test_mark_all_read(city, login):
    for i in range(3):
        notify([city.officer], "test", f"消息{i}")
    notify([city.signer], "test", "别人的")
    client = login(city.officer)
    response = client.post("/inbox/read/", follow=True)
    assert "已将 3 条消息标为已读。" in response.content.decode()
    assert not Notification.objects.filter(recipient=city.officer, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=city.signer).read_at is None


def test_mark_read_requires_post(city, login):
    notify([city.officer], "test", "x")
    assert login(city.officer).get("/inbox/read/").status_code == 405
    assert Notification.objects.get().read_at is None


def test_next_stays_on_site(city, login):
    n = notify([city.officer], "test", "x")[0]
    client = login(city.officer)
    assert client.post("/inbox/read/", {"id": n.pk, "next": "/inbox/?page=2"}).url == "/inbox/?page=2"
    assert client.post("/inbox/read/", {"next": "https://evil.example/"}).url == "/inbox/"


def test_inbox_query_count_constant(city, login, django_assert_max_num_queries):
    client = login(city.officer)
    notify([city.officer], "test", "x")
    with django_assert_max_num_queries(11):
        client.get("/inbox/")
    for i in range(30):
        notify([city.officer], "test", f"m{i}")
    with django_assert_max_num_queries(11):
        client.get("/inbox/")


def test_mark_read_is_audited_with_the_messages_it_touched(city):
    from xinbao.audit.models import AuditRecord
    from xinbao.notify.actions import mark_read

    mine = [notify([city.officer], "test", f"消息{i}")[0].pk for i in range(2)]
    notify([city.signer], "test", "别人的")
    assert mark_read(city.officer) == 2
    row = AuditRecord.objects.get(action="notify.mark_read")
    assert row.actor_id == city.officer.pk
    assert sorted(row.new_values["ids"]) == sorted(mine)
    assert mark_read(city.officer) == 0  # nothing left: no second row
    assert AuditRecord.objects.filter(action="notify.mark_read").count() == 1
