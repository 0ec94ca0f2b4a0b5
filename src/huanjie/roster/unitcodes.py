"""Reading a unit's address out of the text a roster gives for it: building, entrance, floor, room.

Property companies write the same flat in many ways: `1号楼101室`, `1-101`, `1幢1单元101`,
`3-1202`, `1号楼1单元1201室`, `100弄5号301室`, `Ａ座１２０１` (full-width). The roster keeps the
text as written (it is what the owners and the street office read); this module derives

- the building (`1号楼`, with its lane when the text names one), the entrance (单元) and the room;
- the floor from the room number (`101` → 1, `1202` → 12), the Chinese numbering of flats;
- a sort key that orders numbers as numbers (`101` before `1001`), so that lists read naturally;
- whether a typed address (`1-101` at the door) means a stored unit (`1号楼101室`).

Pure Python, no Django: the importer, the model and the door page call the same functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# One building suffix after the building's number or letter; `-` and `#` are the short forms.
_BUILDING_SUFFIX = r"(?P<suffix>号楼|号|幢|栋|座|楼|#)"
_ADDRESS = re.compile(
    r"(?:(?P<lane>\d+)弄)?"
    r"(?:(?P<building>\d+|[A-Z]\d*)(?:" + _BUILDING_SUFFIX + r"-?|-))?"
    r"(?:(?P<entrance>\d{1,2})(?:单元-?|-))?"
    r"(?P<room>\d+[A-Z]?)(?:室|户)?", re.ASCII,
)
_BUILDING = re.compile(r"(?:(?P<lane>\d+)弄)?(?P<building>\d+|[A-Z]\d*)" + _BUILDING_SUFFIX + "?", re.ASCII)
_DASHES = re.compile(r"[‐‑‒–—―−_]")
_NUMBER = re.compile(r"\d+", re.ASCII)
# Floors above this are not floors: a room written without its floor (villas: `12号`).
HIGHEST_FLOOR = 200
SORT_KEY_LENGTH = 400


@dataclass(frozen=True, slots=True)
class UnitAddress:
    """Where a unit is. `building` and `entrance` are None when the text does not say."""

    room: str
    building: str | None = None
    entrance: str | None = None
    lane: str | None = None
    suffix: str = ""  # how the text named the building: 号楼, 幢, 座 ... ("" for `1-101`)

    @property
    def floor(self) -> int | None:
        """The floor a Chinese room number carries in its leading digits: 101 → 1, 1202 → 12."""
        digits = self.room.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if not 3 <= len(digits) <= 2 + len(str(HIGHEST_FLOOR)):  # a longer number is no floor (nor int()-able)
            return None
        floor = int(digits[:-2])
        return floor if 0 < floor <= HIGHEST_FLOOR else None

    @property
    def building_name(self) -> str | None:
        """The building as the roster shows it: `1号楼`, `1幢`, `A座`, `100弄5号楼`."""
        if self.building is None:
            return None
        suffix = self.suffix if self.suffix in {"幢", "栋", "座"} else "号楼"
        return f"{self.lane}弄{self.building}{suffix}" if self.lane else f"{self.building}{suffix}"


def normalise(text: str) -> str:
    """Full-width digits and letters made plain, dashes made `-`, spaces taken out, letters upper-case."""
    text = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", re.sub(r"\s+", "", text)).upper()


def parse(text: str) -> UnitAddress | None:
    """The address a unit's text gives, or None when it is not written as one (`商铺A`, `车位`)."""
    found = _ADDRESS.fullmatch(normalise(text))
    if found is None:
        return None
    parts = found.groupdict()
    return UnitAddress(room=_plain_number(parts["room"]), building=_plain_number(parts["building"]),
                       entrance=_plain_number(parts["entrance"]), lane=_plain_number(parts["lane"]),
                       suffix=parts["suffix"] or "")


def parse_building(name: str) -> UnitAddress | None:
    """The lane and building of a building column's text (`1号楼`, `3幢`, `A座`, `12`); room left empty."""
    found = _BUILDING.fullmatch(normalise(name))
    if found is None:
        return None
    return UnitAddress(room="", building=_plain_number(found["building"]), lane=_plain_number(found["lane"]),
                       suffix=found["suffix"] or "")


def address_of(code: str, building: str = "") -> UnitAddress | None:
    """A unit's address from its code, with the building column's text when the code names no building."""
    address = parse(code)
    if address is None or address.building is not None or not building:
        return address
    named = parse_building(building)
    if named is None:
        return address
    return UnitAddress(room=address.room, building=named.building, entrance=address.entrance,
                       lane=address.lane or named.lane, suffix=named.suffix)


def means(typed: UnitAddress, unit: UnitAddress) -> bool:
    """Whether what was typed at the door names this unit: every part typed agrees, parts left out
    (the lane, the entrance) match any."""
    return typed.room == unit.room and all(
        wanted is None or wanted == have
        for wanted, have in ((typed.building, unit.building), (typed.entrance, unit.entrance),
                             (typed.lane, unit.lane)))


def sort_key(text: str) -> str:
    """A key ordering texts as people read them: numbers by value (`2号楼` before `12号楼`,
    `101` before `1001`), the rest character by character.

    Made only of digits, so that every database collation orders it the same way: each number
    is `0`, its length in two digits and its digits; every other character is `1` and its code
    point in seven digits (a number sorts before a letter, as in a file manager). Cut at
    SORT_KEY_LENGTH: a 50-character code fits.
    """
    key: list[str] = []
    position = 0
    text = normalise(text)
    for number in _NUMBER.finditer(text):
        key.extend(f"1{ord(ch):07d}" for ch in text[position:number.start()])
        digits = number.group().lstrip("0")
        key.append(f"0{min(len(digits), 99):02d}{digits}")  # two digits of length: longer numbers sort as 99
        position = number.end()
    key.extend(f"1{ord(ch):07d}" for ch in text[position:])
    return "".join(key)[:SORT_KEY_LENGTH]


def _plain_number(part: str | None) -> str | None:
    """`05` and `5` are the same building: leading zeros dropped (but `0` stays)."""
    if part is None:
        return None
    stripped = part.lstrip("0")
    return stripped if stripped and not stripped[0].isalpha() else part
