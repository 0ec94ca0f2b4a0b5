"""`huanjie tally`: the count from files (spec/tally.md). File input and output, not law:
the law is `huanjie.rules`."""

from __future__ import annotations

from huanjie.countfiles.count import Counted, count_files
from huanjie.countfiles.problems import BadInput, Problem

__all__ = ["BadInput", "Counted", "Problem", "count_files"]
