"""Rule 4 of the count over whole columns, for a count from files (spec/tally.md; JI art. 9).

Rule 4: a unit already covered by an earlier counted ballot is not counted again
(`duplicate-unit`). In a large count most ballots a count sets aside are of one kind: a
valid ballot naming one unit of the roster that an earlier valid one-unit ballot of the same
batch named too. Whatever else happened, that earlier ballot left the unit covered — it
either counted for it or found it covered already — so the later one is a duplicate: its one
flag is known before the count goes ballot by ballot.

`split_duplicates` finds those ballots with Arrow's compute functions (C++, a few
milliseconds for a million ballots); `Count.add_split` then goes ballot by ballot through the
others only, in order, and takes the known duplicates' flags as runs between them. Every
other ballot — the first of each unit, ballots naming several units or an unknown one — goes
through the rules one by one exactly as before. The outcome is that of `Count.add_columns`
on the same columns, flag for flag (tests/rules/test_columns.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Split:
    """A batch of ballots split by rule 4 before counting (row numbers in the batch)."""

    rows: list[int]  # the valid ballots to count one by one, in order
    positions: list[int | None]  # the roster position of each of `rows`' one unit (None: several or unknown)
    duplicates: list[int]  # the valid ballots whose unit an earlier valid one-unit ballot named, in order
    duplicates_before: list[int]  # for each of `rows`, how many of `duplicates` come before it


def split_duplicates(positions: Any, valid: Any = None) -> Split:
    """Rule 4 over a batch: `positions` (an Arrow integer array) holds each ballot's roster
    position, null for a ballot naming several units or an unknown one; `valid` (an Arrow
    boolean array without nulls, or None for all valid) says whether the paper counts at all
    (rule 1)."""
    import pyarrow as pa  # noqa: PLC0415  # only a count from files comes here
    import pyarrow.compute as pc  # noqa: PLC0415

    one_unit = pc.is_valid(positions)
    if valid is not None:
        one_unit = pc.and_(one_unit, valid)
    if not pc.any(one_unit).as_py():  # no valid ballot of one known unit (or no ballot at all)
        rows = _ints(pc.indices_nonzero(valid)) if valid is not None else list(range(len(positions)))
        return Split(rows, [None] * len(rows), [], [0] * len(rows))
    # Numbered in the order units first appear: a ballot whose number is not above every
    # number before it names a unit an earlier one named.
    numbers = pc.dictionary_encode(positions.filter(one_unit)).indices
    highest = pc.cumulative_max(numbers)
    highest_before = pa.concat_arrays([pa.array([-1], numbers.type), highest.slice(0, len(numbers) - 1)])
    named_before = pc.less_equal(numbers, highest_before)
    duplicate = pc.replace_with_mask(one_unit, one_unit, named_before)
    to_count = pc.invert(duplicate)
    if valid is not None:
        to_count = pc.and_(to_count, valid)
    counted = pc.indices_nonzero(to_count)
    duplicates_so_far = pc.cumulative_sum(duplicate.cast(pa.int64()))
    return Split(
        _ints(counted),
        positions.take(counted).to_pylist(),
        _ints(pc.indices_nonzero(duplicate)),
        _ints(duplicates_so_far.take(counted)),
    )


def _ints(array: Any) -> list[int]:
    """An Arrow integer array without nulls as a list of ints, straight from its buffer."""
    import pyarrow as pa  # noqa: PLC0415

    if array.null_count or array.type.bit_width != 64:  # noqa: PLR2004
        return array.to_pylist()  # type: ignore[no-any-return]
    data = memoryview(array.buffers()[1]).cast("q" if pa.types.is_signed_integer(array.type) else "Q")
    return data[array.offset : array.offset + len(array)].tolist()
