from django.urls import reverse

from xinbao.instructions.models import Instruction
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification


def test_hub_staff_records_a_paper_instruction_on_an_item(city, login):
    sub = make_submitted_item(city, title="城关镇山塘隐患")
    client = login(city.county_editor)
    form = client.get(reverse("instructions:new") + f"?item={sub.item_id}").content.decode()
    assert "批示领导" in form and "整期刊物" not in form
    response = client.post(
        reverse("instructions:new"),
        {
            "item": sub.item_id,
            "kind": "action",
            "text": "请水利局牵头，汛前完成整改。",
            "leader_name": "王县长",
            "leader_level": "county",
            "leader_post": "县长",
        },
    )
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert instruction.leader_name == "王县长" and instruction.recorded_by == city.county_editor
    assert instruction.leader is None and instruction.issue_id is None
    note = Notification.objects.get(recipient=city.officer, kind="instructions.recorded")
    assert "城关镇山塘隐患" in note.text
    listing = client.get(reverse("instructions:for_item", args=[sub.item_id])).content.decode()
    assert "请水利局牵头" in listing and "王县长" in listing


def test_staff_must_name_the_leader_level(city, login):
    sub = make_submitted_item(city, title="城关镇山塘隐患")
    client = login(city.county_editor)
    response = client.post(
        reverse("instructions:new"),
        {"item": sub.item_id, "kind": "action", "text": "请跟进。", "leader_name": "王县长", "leader_level": ""},
    )
    assert response.status_code == 200 and "请选择领导级别" in response.content.decode()
    assert not Instruction.objects.exists()


def test_items_out_of_sight_are_not_found(city, login):
    sub = make_submitted_item(city, title="城关镇山塘隐患")
    client = login(city.county2_editor)  # another county's hub
    assert client.get(reverse("instructions:new") + f"?item={sub.item_id}").status_code == 404
    assert client.get(reverse("instructions:for_item", args=[sub.item_id])).status_code == 404
