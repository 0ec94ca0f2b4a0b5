"""Small discrete logarithms: the count m from m·G, by baby-step giant-step (Shanks, 1971).

A tally is bounded: a headcount by the entities that took part, an area (in 0.01 m²) by their
total area — about 10^8 for a 10,000-unit community, 10^10 for a city-scale one. For a batch
of d logarithms below T, a table of the s = ⌈√(d·T)⌉ points j·G (0 ≤ j < s) makes each
logarithm at most T/s point subtractions, so the whole batch costs about 2·√(d·T) group
additions instead of d·T. The table is kept for the life of the process and grown when a
larger batch needs it (capped at 2^18 entries, about 30 MB).

Table keys are the first 8 bytes of each encoding; a collision could only point at a wrong
candidate, and every answer is confirmed by recomputing m·G before it is returned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from huanjie.crypto.group import IDENTITY, G, Point

MAX_TABLE = 2**18


class DiscreteLogNotFound(ValueError):
    """No m in 0..bound has m·G equal to the point: the total is not what it should be."""


_table: dict[bytes, int] = {}
_size = 0  # the table holds j·G for 0 <= j < _size
_top = IDENTITY  # _size·G, the next point to add


def _grow_table(size: int) -> None:
    global _size, _top
    point = _top
    for j in range(_size, size):
        _table.setdefault(point.data[:8], j)
        point = point + G
    _size, _top = max(size, _size), point


def discrete_logs(points: Sequence[Point], bound: int) -> list[int]:
    """The m in 0..bound with m·G = point, for each point."""
    if bound < 0:
        raise ValueError("bound must not be negative")
    wanted = math.isqrt(max(1, len(points)) * (bound + 1)) + 1
    _grow_table(min(MAX_TABLE, max(wanted, _size)))
    return [_solve(point, bound) for point in points]


def discrete_log(point: Point, bound: int) -> int:
    return discrete_logs([point], bound)[0]


def _solve(point: Point, bound: int) -> int:
    step = _size
    giant = G * step
    current = point
    for i in range(bound // step + 1):
        j = _table.get(current.data[:8])
        if j is not None:
            candidate = i * step + j
            if candidate <= bound and G * candidate == point:
                return candidate
        current = current - giant
    raise DiscreteLogNotFound(f"no count between 0 and {bound} matches this total")
