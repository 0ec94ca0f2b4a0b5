"""Roster files for the import and export tests."""

from __future__ import annotations

import io

import pytest

from huanjie.roster.errors import RosterFileInvalid
from huanjie.roster.importing import ParsedRoster, parse_roster
from huanjie.roster.importing.problems import Problem
from huanjie.roster.models import Community, Owner, Ownership, Unit

TALLY_HEADER = "unit,building,area,owners,status"


def csv_bytes(*lines: str, header: str = TALLY_HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def parse(data: bytes, name: str = "roster.csv", max_bytes: int = 10 * 1024 * 1024) -> ParsedRoster:
    return parse_roster(name, io.BytesIO(data), max_bytes=max_bytes)


def problems_of(data: bytes, name: str = "roster.csv") -> list[Problem]:
    with pytest.raises(RosterFileInvalid) as caught:
        parse(data, name)
    return caught.value.problems


def counts(community: Community) -> tuple[int, int, int]:
    return (Unit.objects.filter(community=community).count(), Owner.objects.filter(community=community).count(),
            Ownership.objects.filter(community=community).count())


# The fixture community (tests/conftest.py make_community) as a tally.md file, unchanged.
WYH_SAME = csv_bytes("1-101,1号楼,88.50,wyh-甲,delivered", "1-102,1号楼,120.25,wyh-乙,delivered",
                     "1-201,1号楼,65.00,wyh-丙,delivered")
