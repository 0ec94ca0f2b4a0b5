"""From an uploaded file to a validated roster, or to the list of everything wrong with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from huanjie.roster.errors import RosterFileInvalid
from huanjie.roster.importing import headers
from huanjie.roster.importing.problems import MAX_PROBLEMS, Problem, Problems, logger
from huanjie.roster.importing.readers import Row, Sheet, open_sheets, read_limited
from huanjie.roster.importing.rows import OPTIONAL_FIELDS, ParsedRoster
from huanjie.roster.importing.validate import check_rows
from huanjie.roster.models import AreaSource


def parse_roster(file_name: str, stream: IO[bytes], *, max_bytes: int,
                 progress: Callable[[int], None] | None = None, area_source: str | None = None) -> ParsedRoster:
    """The roster in `stream`, all of it valid; else RosterFileInvalid naming every bad row.

    Where the areas come from (JI art. 8) is read from the file: a 面积来源 column, else the area
    column's own name (实测面积). Where the file does not say (建筑面积), `area_source` is the answer
    the working group gave at import; without one the areas are recorded as 未注明, never assumed.

    Raises FileTooLarge after reading at most `max_bytes` + 1 bytes.
    """
    upload = read_limited(stream, max_bytes)
    problems = Problems(file_name)
    found = _find_header(open_sheets(file_name, upload.data, problems), problems)
    if found is None:
        raise _invalid(problems)
    header, rows = found
    stated = header.area_source or area_source
    units = check_rows(header, rows, problems, progress, default_source=stated or AreaSource.UNSTATED)
    if not problems and not units:
        problems.add(header.row, None, "只有表头，没有任何房屋", "the file has a header but no units")
    if problems.full:
        problems.found.append(Problem(
            file_name, None, None, f"问题超过 {MAX_PROBLEMS} 处，其余未列出", f"more than {MAX_PROBLEMS} problems"))
    if problems:
        raise _invalid(problems)
    carried = frozenset(name for name in (*OPTIONAL_FIELDS, "owners") if header.carries(name))
    if stated:
        carried |= {"area_source"}
    logger.info("roster file %r read: %d units, %s layout, columns %s", file_name, len(units), header.layout,
                sorted(carried))
    return ParsedRoster(file_name, upload.sha256, header.layout, carried, tuple(units))


def _find_header(sheets: list[Sheet], problems: Problems) -> tuple[headers.Header, Iterator[Row]] | None:
    """The first sheet, and its row, with a recognised header; the rows after it."""
    if problems:
        return None
    first_cells: list[str] | None = None
    for sheet in sheets:
        for row, cells in sheet.rows:
            if first_cells is None and any(cell.strip() for cell in cells):
                first_cells = cells
            header = headers.match(row, cells)
            if header is not None:
                return (header, sheet.rows) if headers.check(header, cells, problems) else None
            if row >= headers.HEADER_SEARCH_ROWS:
                break
    if not problems:
        if first_cells is None:
            problems.add(None, None, "文件是空的", "the file is empty")
        else:
            shown = "、".join(cell.strip() for cell in first_cells if cell.strip())[:200]
            problems.add(1, None, f"找不到表头：需要“房号”（或 unit）列和“面积”或“业主”列，文件第一行是：{shown}",
                         "no header row with a unit column and an area or owners column")
    return None


def _invalid(problems: Problems) -> RosterFileInvalid:
    logger.warning("roster file %r refused: %d problem(s)", problems.file, len(problems))
    return RosterFileInvalid(problems.found)
