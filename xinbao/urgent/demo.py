"""Demo content: policies in force, a duty roster and a few urgent events at different stages, so the
county's board and the city duty officer's home show live work (``manage.py demo_data``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from xinbao.orgs.models import Unit, User

from . import actions, policies, queries
from .models import FindingKind, Mode, Stage

FULL = {
    "source": "镇安监站电话报告",
    "place": "工业园区",
    "nature": "厂房火灾",
    "scope": "厂区及周边200米",
    "casualties": "2人轻伤，已送医",
    "measures": "消防救援已到场，周边群众已疏散",
    "contact": "镇安监站站长 王明 13800000000",
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def _policy(hub: Unit, example: str) -> None:
    actions.install_examples(None, hub)
    name = policies.parse(policies.example_texts()[example])["name"]
    policy = queries.policies_of(hub.pk).get(name=name)
    actions.activate_policy(None, policy)


def extend_demo(city: Any) -> None:
    county_hub, city_hub = _unit("JZ-C1-SW"), _unit("JZ-SW")
    if county_hub is None or city_hub is None:
        return
    _policy(county_hub, "province_emergency.yaml")
    _policy(city_hub, "city_government.yaml")
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    for username, hub in (("shi_zhiban", city_hub), ("c1_bianji", county_hub)):
        person = _user(username)
        if person is not None:
            shift = actions.add_shift(None, hub=hub, person=person, starts_at=now - 2 * hour, ends_at=now + 22 * hour)
            actions.write_handover(None, shift, "夜间无新情况；城关镇火灾事件待续报，请关注17:00前续报。")
    _events(now)


def _events(now: datetime.datetime) -> None:
    minute = datetime.timedelta(minutes=1)
    t01, t02, t03, dept = _unit("JZ-C1-T01"), _unit("JZ-C1-T02"), _unit("JZ-C1-T03"), _unit("JZ-D01")
    writer, signer = _user("c1t01_xxy"), _user("c1t01_qf")
    if t01 and writer and signer:
        # Logged 55 minutes after the fire; written 初报 signed now: 20 minutes late (a 迟报 finding).
        fire = actions.log_event(
            writer,
            unit=t01,
            title="工业园区化工厂火灾",
            event_type="accident",
            severity="II",
            place="工业园区东路",
            occurred_at=now - 70 * minute,
            called_at=now - 15 * minute,
            source="镇安监站",
            summary="厂房起火，2人轻伤，消防已到场。",
        )
        actions.file_report(
            signer, fire, unit=t01, stage=Stage.INITIAL, mode=Mode.WRITTEN, data=FULL, text="详见要素。", sign=True
        )
    if t02 and _user("c1t02_xxy"):
        # Just phoned in: the written report is still due (a countdown on the board).
        actions.log_event(
            _user("c1t02_xxy"),
            unit=t02,
            title="村民聚集反映征地补偿",
            event_type="security",
            severity="IV",
            sensitive=True,
            place="新华村村委会",
            occurred_at=now - 20 * minute,
            summary="约30名村民聚集，镇干部正在劝导。",
        )
    if dept and _user("sz01_xxy"):
        actions.log_event(
            _user("sz01_xxy"),
            unit=dept,
            title="市区主干道暴雨积水",
            event_type="natural",
            severity="III",
            place="人民路与解放路交叉口",
            occurred_at=now - 30 * minute,
            vertical_line="省发展改革委",
            summary="积水约40厘米，交警已分流。",
        )
    county_hub = _unit("JZ-C1-SW")
    if t03 and county_hub:
        actions.record_finding(
            None,
            hub=county_hub,
            unit=t03,
            kind=FindingKind.MISSED,
            evidence="县领导从网络媒体获知该镇前日发生一起交通事故（1人死亡），镇里未报告。",
        )
