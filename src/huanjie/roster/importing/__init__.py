"""Importing the roster (业主名册) from CSV or XLSX: read, recognise, validate, compare, apply.

    parse_roster(name, stream, max_bytes=...)  -> ParsedRoster, or RosterFileInvalid(problems)
    load_stored(community)                     -> the roster as stored, and its fingerprint
    roster_diff(stored, parsed)                -> what an import would add, remove and change
    write_roster(community, stored, parsed)    -> the bulk writes (called by services.apply_roster_import)
"""

from huanjie.roster.importing.diff import RosterDiff, roster_diff
from huanjie.roster.importing.parse import parse_roster
from huanjie.roster.importing.readers import FileTooLarge
from huanjie.roster.importing.rows import OwnerRow, ParsedRoster, UnitRow
from huanjie.roster.importing.stored import StoredRoster, load_stored

__all__ = ["FileTooLarge", "OwnerRow", "ParsedRoster", "RosterDiff", "StoredRoster", "UnitRow", "load_stored",
           "parse_roster", "roster_diff"]
