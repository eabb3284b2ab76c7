"""The demo city (江州市, fictional): units, hubs per channel, people for every role.

Built through the bulk actions, so every row is audited like an import. Other apps extend the
demo through a ``demo.py`` with ``extend_demo(city: DemoCity)`` (called by ``manage.py demo_data``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

from .actions import bulk_create_people, bulk_create_units
from .models import AssessmentClass, Channel, Unit, UnitChannel, User
from .roles import LeaderLevel, Role

DEMO_PASSWORD = "Xinbao@2026"
CITY_CODE = "JZ"

COUNTIES = ["清河县", "白石县", "龙泉县", "桃源县", "云溪区", "东湖区", "凤山县", "柳林县"]
TOWNSHIP_STEMS = [
    "城关",
    "新华",
    "东城",
    "西城",
    "南湖",
    "北山",
    "石桥",
    "杨柳",
    "高岭",
    "长乐",
    "双河",
    "青石",
    "马场",
    "黄土坡",
    "花溪",
]
DEPARTMENTS = [
    "发展和改革局",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "信访局",
    "林业局",
    "城市管理局",
    "乡村振兴局",
    "数据资源局",
    "融媒体中心",
]
CITY_DEPARTMENTS = DEPARTMENTS[:14]
COMMITTEES = ["提案委员会", "经济委员会", "社会和法制委员会", "文化文史和学习委员会"]
SECTORS = ["中国共产党界", "民革界", "经济界", "教育界", "医药卫生界", "农业界"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文建国志红海燕晓东雪梅春林"


@dataclass
class DemoCity:
    city: Unit
    counties: list[Unit]
    hubs: dict[str, Unit]  # "<channel>:<county or city code>" -> hub unit
    logins: dict[str, str] = field(default_factory=dict)  # role -> username
    people: dict[str, User] = field(default_factory=dict)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _unit(code: str, name: str, parent: str | None, level: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "parent_code": parent, "level": level, "kind": kind, **extra}


def unit_rows() -> list[dict[str, Any]]:
    rows = [
        _unit("JN", "江南省", None, "province", "region"),
        _unit("JN-SW", "江南省委办公厅", "JN", "province", "party_office"),
        _unit("JN-ZF", "江南省人民政府办公厅", "JN", "province", "gov_office"),
        _unit("JN-ZX", "江南省政协办公厅", "JN", "province", "cppcc"),
        _unit(CITY_CODE, "江州市", "JN", "city", "region"),
        _unit("JZ-SW", "中共江州市委办公室", CITY_CODE, "city", "party_office"),
        _unit("JZ-ZF", "江州市人民政府办公室", CITY_CODE, "city", "gov_office"),
        _unit("JZ-ZX", "政协江州市委员会办公室", CITY_CODE, "city", "cppcc"),
    ]
    rows += [
        _unit(f"JZ-D{i:02d}", f"江州市{name}", CITY_CODE, "city", "department")
        for i, name in enumerate(CITY_DEPARTMENTS, 1)
    ]
    rows += [_unit(f"JZ-ZX-W{i}", name, "JZ-ZX", "city", "committee") for i, name in enumerate(COMMITTEES, 1)]
    rows += [_unit(f"JZ-ZX-J{i}", name, "JZ-ZX", "city", "sector") for i, name in enumerate(SECTORS, 1)]
    for c, county in enumerate(COUNTIES, 1):
        code = f"JZ-C{c}"
        short = county[:-1]
        rows += [
            _unit(code, county, CITY_CODE, "county", "region"),
            _unit(f"{code}-SW", f"中共{county}委办公室", code, "county", "party_office"),
            _unit(f"{code}-ZF", f"{county}人民政府办公室", code, "county", "gov_office"),
            _unit(f"{code}-ZX", f"政协{county}委员会办公室", code, "county", "cppcc"),
        ]
        for t, stem in enumerate(TOWNSHIP_STEMS, 1):
            kind, suffix = ("street", "街道") if county.endswith("区") and t <= 6 else ("township", "镇")
            rows.append(_unit(f"{code}-T{t:02d}", f"{short}{stem}{suffix}", code, "township", kind))
        for d, name in enumerate(DEPARTMENTS, 1):
            rows.append(_unit(f"{code}-D{d:02d}", f"{county}{name}", code, "county", "department"))
    return rows


def _link_channels(units: dict[str, Unit]) -> dict[str, Unit]:
    party, gov, cppcc = (Channel.objects.get(code=c) for c in ("party", "gov", "cppcc"))
    hubs: dict[str, Unit] = {}
    links: list[UnitChannel] = []

    def hub(channel: Channel, unit: Unit, upper: Unit | None) -> None:
        links.append(UnitChannel(unit=unit, channel=channel, is_hub=True, hub=upper))
        hubs[f"{channel.code}:{unit.code}"] = unit

    def member(channel: Channel, unit: Unit, upper: Unit) -> None:
        links.append(UnitChannel(unit=unit, channel=channel, is_hub=False, hub=upper))

    for channel, suffix in ((party, "SW"), (gov, "ZF"), (cppcc, "ZX")):
        hub(channel, units[f"JN-{suffix}"], None)
        hub(channel, units[f"JZ-{suffix}"], units[f"JN-{suffix}"])
        for c in range(1, len(COUNTIES) + 1):
            hub(channel, units[f"JZ-C{c}-{suffix}"], units[f"JZ-{suffix}"])
    for code, unit in units.items():
        parts = code.split("-")
        if len(parts) == 2 and parts[1].startswith("D"):  # city departments: both offices
            member(party, unit, units["JZ-SW"])
            member(gov, unit, units["JZ-ZF"])
        elif len(parts) == 3 and parts[1].startswith("C") and parts[2][0] in "TD":
            county = f"{parts[0]}-{parts[1]}"
            member(party, unit, units[f"{county}-SW"])
            member(gov, unit, units[f"{county}-ZF"])
        elif code.startswith("JZ-ZX-"):
            member(cppcc, unit, units["JZ-ZX"])
    UnitChannel.objects.bulk_create(links)
    return hubs


def _classes(units: dict[str, Unit]) -> None:
    first, _ = AssessmentClass.objects.get_or_create(name="一类", defaults={"order": 1})
    second, _ = AssessmentClass.objects.get_or_create(name="二类", defaults={"order": 2})
    for code, unit in units.items():
        if "-T" in code:
            unit.assessment_class = first
        elif "-D" in code:
            unit.assessment_class = second
        unit.has_place = unit.has_equipment = unit.has_leader = True
        unit.has_funds = unit.has_periodical = "-T" not in code
    Unit.objects.bulk_update(
        list(units.values()),
        ["assessment_class", "has_place", "has_equipment", "has_leader", "has_funds", "has_periodical"],
    )


def _people_rows(units: dict[str, Unit], rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows: list[dict[str, Any]] = []
    logins: dict[str, str] = {}

    def add(username: str, unit: Unit, roles: list[str], login_for: str | None = None, **extra: Any) -> None:
        rows.append(
            {
                "username": username,
                "display_name": person_name(rng),
                "unit": unit,
                "roles": roles,
                "phone": f"139{rng.randrange(10**7, 10**8)}",
                **extra,
            }
        )
        if login_for:
            logins.setdefault(login_for, username)

    add("sysadmin", units["JZ-SW"], [Role.SYSTEM_ADMIN], Role.SYSTEM_ADMIN)
    add("secadmin", units["JZ-SW"], [Role.SECURITY_ADMIN], Role.SECURITY_ADMIN)
    add("auditadmin", units["JZ-SW"], [Role.AUDIT_ADMIN], Role.AUDIT_ADMIN)
    add("shi_bianji", units["JZ-SW"], [Role.HUB_EDITOR])
    add("shi_kezhang", units["JZ-SW"], [Role.HUB_CHIEF])
    add("shi_zhuren", units["JZ-SW"], [Role.HUB_DIRECTOR])
    add("shi_zhiban", units["JZ-SW"], [Role.DUTY_OFFICER], Role.DUTY_OFFICER)
    add("shi_lingdao", units["JZ-SW"], [Role.LEADER], leader_level=LeaderLevel.CITY)
    add("sheng_bianji", units["JN-SW"], [Role.HUB_EDITOR])
    add("sheng_lingdao", units["JN-SW"], [Role.LEADER], leader_level=LeaderLevel.PROVINCE)
    add("zf_bianji", units["JZ-ZF"], [Role.HUB_EDITOR])
    add("zx_bianji", units["JZ-ZX"], [Role.HUB_EDITOR])
    for i in range(1, len(SECTORS) + 1):
        for m in range(1, 3):
            add(f"weiyuan{i}{m}", units["JZ-ZX"], [Role.CPPCC_MEMBER], Role.CPPCC_MEMBER, sector=units[f"JZ-ZX-J{i}"])
    add("teyao1", units["JZ-SW"], [Role.SPECIAL_OFFICER], Role.SPECIAL_OFFICER)
    for c in range(1, len(COUNTIES) + 1):
        code = f"JZ-C{c}"
        add(f"c{c}_bianji", units[f"{code}-SW"], [Role.HUB_EDITOR], Role.HUB_EDITOR)
        add(f"c{c}_kezhang", units[f"{code}-SW"], [Role.HUB_CHIEF], Role.HUB_CHIEF)
        add(f"c{c}_zhuren", units[f"{code}-SW"], [Role.HUB_DIRECTOR], Role.HUB_DIRECTOR)
        add(f"c{c}_lingdao", units[f"{code}-SW"], [Role.LEADER], Role.LEADER, leader_level=LeaderLevel.COUNTY)
        add(f"c{c}_zf_bianji", units[f"{code}-ZF"], [Role.HUB_EDITOR])
        for sub in [f"T{t:02d}" for t in range(1, 16)] + [f"D{d:02d}" for d in range(1, 31)]:
            unit_code = f"{code}-{sub}"
            add(f"c{c}{sub.lower()}_xxy", units[unit_code], [Role.OFFICER], Role.OFFICER)
            add(f"c{c}{sub.lower()}_qf", units[unit_code], [Role.SIGNER], Role.SIGNER)
    for d in range(1, len(CITY_DEPARTMENTS) + 1):
        add(f"sz{d:02d}_xxy", units[f"JZ-D{d:02d}"], [Role.OFFICER])
        add(f"sz{d:02d}_qf", units[f"JZ-D{d:02d}"], [Role.SIGNER])
    return rows, logins


def demo_exists() -> bool:
    return Unit.objects.filter(code=CITY_CODE).exists()


def load_demo_city() -> DemoCity:
    """Find the demo city that ``build_demo_city`` made (for idempotent re-runs)."""
    units = {u.code: u for u in Unit.objects.filter(code__startswith="J")}
    hubs = {
        f"{link.channel.code}:{link.unit.code}": link.unit
        for link in UnitChannel.objects.filter(is_hub=True).select_related("unit", "channel")
    }
    _, logins = _people_rows(units, random.Random(7))
    people = {p.username: p for p in User.objects.filter(username__in=logins.values())}
    city = DemoCity(units[CITY_CODE], [units[f"JZ-C{c}"] for c in range(1, len(COUNTIES) + 1)], hubs, logins, people)
    return city


def build_demo_city() -> DemoCity:
    from .actions import register_officer

    rng = random.Random(7)
    created = bulk_create_units(None, unit_rows())
    units = {u.code: u for u in created}
    hubs = _link_channels(units)
    _classes(units)
    rows, logins = _people_rows(units, rng)
    people = bulk_create_people(None, rows, password_hash=make_password(DEMO_PASSWORD), must_change_password=False)
    by_username = {p.username: p for p in people}
    # The roster: every township and department officer registered with the hub; leave a few
    # units vacant so that the vacancies list has something to show.
    from datetime import date

    for p in people:
        if p.unit and p.username.endswith("_xxy") and not p.username.endswith(("t15_xxy", "d30_xxy")):
            register_officer(None, unit=p.unit, person=p, start_date=date(2025, 1, 1), registered_at=date(2025, 1, 6))
    return DemoCity(
        units[CITY_CODE], [units[f"JZ-C{c}"] for c in range(1, len(COUNTIES) + 1)], hubs, logins, by_username
    )
