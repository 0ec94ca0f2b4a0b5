"""五月花生活广场: a deterministic fictional community of 480 units for demos and tests.

Six buildings of 20 floors with 4 units a floor. Areas 45–180 m² with two decimals; about one
unit in six co-owned by a couple; a few owners of two or three units (one head each, JI art.
9); one chain of co-owners (x;y, y;z, z) — three heads by the law's reading, one only where the
rules of procedure join co-owners transitively (spec/tally.md v2, `shared-owner`); the
developer still holds 12 unsold and 3 undelivered units in building 6. Same seed, same community, on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from huanjie.csvfiles import data_csv

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华志强文博海燕晓明雪梅国庆淑珍丽华建国宇轩子涵"
    "梓萱浩然欣怡俊杰雨桐"
)

BUILDINGS = 6
FLOORS = 20
PER_FLOOR = 4
# Floor plans: units 01 and 04 are the larger corner flats.
PLAN_AREA = {1: (118, 180), 2: (45, 92), 3: (70, 120), 4: (110, 168)}


@dataclass
class DemoOwner:
    identifier: str
    name: str
    phone: str


@dataclass
class DemoUnit:
    code: str
    building: str
    floor: int
    area: Decimal
    area_source: str
    status: str
    owners: list[DemoOwner] = field(default_factory=list)


def _name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(len(GIVEN))]
    if rng.random() < 0.6:
        given += GIVEN[rng.randrange(len(GIVEN))]
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["138", "139", "137", "136", "135", "150", "151", "158", "186", "188"])
    return prefix + f"{rng.randrange(10**8):08d}"


def _owner(rng: random.Random, serial: int) -> DemoOwner:
    name = _name(rng)
    return DemoOwner(identifier=f"O{serial:05d}", name=name, phone=_phone(rng))


def _area(rng: random.Random, position: int) -> Decimal:
    low, high = PLAN_AREA[position]
    return Decimal(rng.randrange(low * 100, high * 100 + 1)).scaleb(-2)


def demo_units(seed: int = 20260501) -> list[DemoUnit]:
    rng = random.Random(seed)
    units: list[DemoUnit] = []
    serial = 0
    for b in range(1, BUILDINGS + 1):
        for floor in range(1, FLOORS + 1):
            for position in range(1, PER_FLOOR + 1):
                code = f"{b}-{floor:02d}{position:02d}"
                source = "register" if rng.random() < 0.93 else rng.choice(["survey", "contract"])
                status = "delivered"
                if b == 6 and floor >= 18:
                    status = "unsold"
                elif b == 6 and floor == 17 and position <= 3:
                    status = "undelivered"
                unit = DemoUnit(code, f"{b}号楼", floor, _area(rng, position), source, status)
                if status == "delivered":
                    serial += 1
                    unit.owners.append(_owner(rng, serial))
                    if rng.random() < 0.16:  # a couple owning the flat together
                        serial += 1
                        unit.owners.append(_owner(rng, serial))
                units.append(unit)
    _give_several_units_to_some_owners(units, rng)
    _join_a_chain_of_co_owners(units)
    return units


def _give_several_units_to_some_owners(units: list[DemoUnit], rng: random.Random) -> None:
    """Eight owners hold two or three units each: each counts as one head (JI art. 9)."""
    delivered = [u for u in units if u.status == "delivered" and len(u.owners) == 1]
    picks = rng.sample(delivered, 19)
    groups = [picks[0:3], picks[3:6], picks[6:8], picks[8:10], picks[10:12], picks[12:14], picks[14:16],
              picks[16:19]]
    for group in groups:
        owner = group[0].owners[0]
        for unit in group[1:]:
            unit.owners = [owner]


def _join_a_chain_of_co_owners(units: list[DemoUnit]) -> None:
    """2-0301 owned by x;y and 2-0302 by y;z and 2-0303 by z: three heads, as their owners differ;
    one voting entity of three units where the rules of procedure adopt `shared-owner`."""
    by_code = {u.code: u for u in units}
    a, b, c = by_code["2-0301"], by_code["2-0302"], by_code["2-0303"]
    a.owners = a.owners[:1] + [b.owners[0]]
    c.owners = c.owners[:1]
    b.owners = b.owners[:1] + [c.owners[0]]


ROSTER_HEADER = ("unit", "building", "floor", "area", "area_source", "status", "owners", "names", "phones")


def roster_csv(units: list[DemoUnit]) -> str:
    """The units as a roster file in the tally.md layout with names and phones (huanjie.roster.importing)."""
    return data_csv([ROSTER_HEADER, *([u.code, u.building, u.floor, u.area, u.area_source, u.status,
                                       ";".join(o.identifier for o in u.owners), "、".join(o.name for o in u.owners),
                                       "、".join(o.phone for o in u.owners)] for u in units)])
