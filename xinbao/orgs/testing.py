"""A small, fast organisation for tests of every app (the full demo city is too big per test).

    省委办公厅 (province party hub)
    └ 江州市: 市委办公室 (city hub) ─ 市发改委 (city department)
      └ 清河县: 县委办公室 (county hub, party) · 县政府办公室 (county hub, gov)
                城关镇 · 新华镇 (townships reporting to the county hubs)
      └ 白石县: 县委办公室 (county hub) · 石桥镇

Every person's password is ``PASSWORD``. Built through the orgs actions like real data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password

from xinbao.orgs import actions
from xinbao.orgs.models import Channel, Unit, User
from xinbao.orgs.roles import LeaderLevel, Role

PASSWORD = "Test-pass-2026"


@dataclass
class SmallCity:
    units: dict[str, Unit]
    people: dict[str, User]
    channels: dict[str, Channel] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # city.officer, city.county_hub …: people first, then units.
        if name in self.people:
            return self.people[name]
        if name in self.units:
            return self.units[name]
        raise AttributeError(name)


UNITS = [
    ("province", "JN", "江南省", None, "province", "region"),
    ("province_hub", "JN-SW", "江南省委办公厅", "JN", "province", "party_office"),
    ("city", "JZ", "江州市", "JN", "city", "region"),
    ("city_hub", "JZ-SW", "中共江州市委办公室", "JZ", "city", "party_office"),
    ("city_dept", "JZ-D01", "江州市发展和改革委员会", "JZ", "city", "department"),
    ("county", "QH", "清河县", "JZ", "county", "region"),
    ("county_hub", "QH-SW", "中共清河县委办公室", "QH", "county", "party_office"),
    ("county_gov_hub", "QH-ZF", "清河县人民政府办公室", "QH", "county", "gov_office"),
    ("township", "QH-T01", "清河城关镇", "QH", "township", "township"),
    ("township2", "QH-T02", "清河新华镇", "QH", "township", "township"),
    ("county2", "BS", "白石县", "JZ", "county", "region"),
    ("county2_hub", "BS-SW", "中共白石县委办公室", "BS", "county", "party_office"),
    ("township3", "BS-T01", "白石石桥镇", "BS", "township", "township"),
]

PEOPLE = [
    # key, unit key, roles, extra
    ("officer", "township", [Role.OFFICER], {}),
    ("signer", "township", [Role.SIGNER], {}),
    ("officer2", "township2", [Role.OFFICER], {}),
    ("signer2", "township2", [Role.SIGNER], {}),
    ("officer3", "township3", [Role.OFFICER], {}),
    ("signer3", "township3", [Role.SIGNER], {}),
    ("dept_officer", "city_dept", [Role.OFFICER], {}),
    ("dept_signer", "city_dept", [Role.SIGNER], {}),
    ("county_editor", "county_hub", [Role.HUB_EDITOR], {}),
    ("county_editor2", "county_hub", [Role.HUB_EDITOR], {}),
    ("county_chief", "county_hub", [Role.HUB_CHIEF], {}),
    ("county_director", "county_hub", [Role.HUB_DIRECTOR], {}),
    ("county_gov_editor", "county_gov_hub", [Role.HUB_EDITOR], {}),
    ("county2_editor", "county2_hub", [Role.HUB_EDITOR], {}),
    ("city_editor", "city_hub", [Role.HUB_EDITOR], {}),
    ("city_chief", "city_hub", [Role.HUB_CHIEF], {}),
    ("city_director", "city_hub", [Role.HUB_DIRECTOR], {}),
    ("province_editor", "province_hub", [Role.HUB_EDITOR], {}),
    ("county_leader", "county_hub", [Role.LEADER], {"leader_level": LeaderLevel.COUNTY}),
    ("city_leader", "city_hub", [Role.LEADER], {"leader_level": LeaderLevel.CITY}),
    ("duty", "city_hub", [Role.DUTY_OFFICER], {}),
    ("cppcc_member", "city_hub", [Role.CPPCC_MEMBER], {}),
    ("special_officer", "city_hub", [Role.SPECIAL_OFFICER], {}),
    ("sysadmin", "city_hub", [Role.SYSTEM_ADMIN], {}),
    ("secadmin", "city_hub", [Role.SECURITY_ADMIN], {}),
    ("auditadmin", "city_hub", [Role.AUDIT_ADMIN], {}),
]

# Hubs: (unit key, channel code, upper hub key)
HUBS = [
    ("province_hub", "party", None),
    ("city_hub", "party", "province_hub"),
    ("county_hub", "party", "city_hub"),
    ("county2_hub", "party", "city_hub"),
    ("county_gov_hub", "gov", None),
]
# Members: (unit key, channel code, hub key)
MEMBERS = [
    ("township", "party", "county_hub"),
    ("township", "gov", "county_gov_hub"),
    ("township2", "party", "county_hub"),
    ("township3", "party", "county2_hub"),
    ("city_dept", "party", "city_hub"),
]


def build_small_city(*, must_change_password: bool = False) -> SmallCity:
    rows = [
        {"code": code, "name": name, "parent_code": parent, "level": level, "kind": kind}
        for _key, code, name, parent, level, kind in UNITS
    ]
    created = {u.code: u for u in actions.bulk_create_units(None, rows)}
    units = {key: created[code] for key, code, *_rest in UNITS}
    channels = {c.code: c for c in Channel.objects.all()}
    for key, channel, upper in HUBS:
        actions.set_unit_channel(None, units[key], channels[channel], is_hub=True, hub=units[upper] if upper else None)
    for key, channel, hub in MEMBERS:
        actions.set_unit_channel(None, units[key], channels[channel], hub=units[hub])
    people_rows = [
        {"username": key, "display_name": f"测试{key}", "unit": units[unit_key], "roles": roles, **extra}
        for key, unit_key, roles, extra in PEOPLE
    ]
    people = actions.bulk_create_people(
        None, people_rows, password_hash=make_password(PASSWORD), must_change_password=must_change_password
    )
    return SmallCity(units=units, people={p.username: p for p in people}, channels=channels)
