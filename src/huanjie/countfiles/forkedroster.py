"""roster.csv read, and its voting entities built, in a second process (spec/tally.md).

While Arrow reads a plain ballots.csv in a thread (arrowcsv.py), the roster is read by a
forked child with the very code a single process runs (`read_entities`), so that the
Python of both — the roster's rows and the ballots' columns — runs on both cores instead of
taking turns in one interpreter. The child sends back only what the count reads: the
problems it found (pickled) and the entities as flat columns (`EntityColumns`, marshalled),
through an unlinked temporary file. When the child fails in any way, the parent reads the
roster itself.

Fork before any thread starts (`count_files` does): a child forked while another thread
holds a lock would find it held forever.
"""

from __future__ import annotations

import marshal
import os
import pickle
import struct
import tempfile
from pathlib import Path

from huanjie.countfiles.problems import Problems
from huanjie.countfiles.roster import read_plain_roster, read_roster
from huanjie.rules import EntityColumns, JoinRule, RosterError, build_entities
from huanjie.rules.entities import entity_columns

LENGTH = struct.Struct("<q")  # of the pickled problems, first in the data file


def read_entities(path: Path, problems: Problems, join: JoinRule) -> tuple[EntityColumns | None, str | None]:
    """The voting entities of roster.csv, joined by election.toml's `join` (JI art. 9), or None
    with its problems added (or, in the second place, why the units read could not be joined:
    `read_roster` checks the same row by row, so it is rare)."""
    plain = read_plain_roster(path)
    try:
        if plain is not None:
            return entity_columns(*plain[:4], join), None
        units = read_roster(path, problems)
        return (None, None) if problems else (build_entities(units, join), None)
    except RosterError as error:
        return None, str(error)


class ForkedRoster:
    """roster.csv being read in a child process; `finish` returns what `read_entities` would."""

    def __init__(self, path: Path, problems: Problems, join: JoinRule) -> None:
        self.path = path
        self.problems = problems
        self.join = join
        self._data = tempfile.TemporaryFile()  # noqa: SIM115  # closed by finish
        self._pid = os.fork()
        if self._pid == 0:  # the child: read, send, and leave without running anything else
            status = 1
            try:
                self._send()
                status = 0
            finally:
                os._exit(status)

    def _send(self) -> None:
        mine = Problems(self.problems.file, self.problems.column_word)
        entities, error = read_entities(self.path, mine, self.join)
        # The problems are pickled; the columns, plain lists of str and int, go by marshal:
        # several times faster for 200,000 units.
        problems = pickle.dumps((mine.found, error), pickle.HIGHEST_PROTOCOL)
        columns = marshal.dumps(None if entities is None else entities.columns())
        self._data.write(LENGTH.pack(len(problems)) + problems + columns)
        self._data.flush()

    def finish(self) -> tuple[EntityColumns | None, str | None]:
        try:
            _, status = os.waitpid(self._pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:  # the child failed: read the roster here
                return read_entities(self.path, self.problems, self.join)
            self._data.seek(0)
            data = self._data.read()
            length = LENGTH.unpack_from(data)[0]
            found, error = pickle.loads(data[LENGTH.size : LENGTH.size + length])  # noqa: S301  # written by our child
            columns = marshal.loads(data[LENGTH.size + length :])  # noqa: S302  # written by our child
        finally:
            self._data.close()
        self.problems.found += found
        return (None if columns is None else EntityColumns(*columns)), error
