"""The two coverage tables' cells, built in Python: 10,000 cells through the template engine's
loops cost more than everything else on the page, and format_html escapes the same way."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from huanjie.visits.selectors import BuildingCoverage, FloorRow

# Coverage of a floor, shown as five shades from none to all.
SHADES = 4


def _shade(cell: tuple[int, int] | None) -> tuple[str, str]:
    if cell is None:
        return "heat-none", ""
    reached, units = cell
    return f"heat-{(reached * SHADES) // units}", f"{reached}/{units}"


def heat_cells(building: BuildingCoverage, floors: list[int | None]) -> SafeString:
    return format_html_join("", '<td class="{}">{}</td>', (_shade(building.by_floor.get(f)) for f in floors))


def unit_cells(row: FloorRow, not_reached: str, voted: set[str] | None = None, voted_label: str = "") -> SafeString:
    """Each unit coloured by its latest visit; during a vote a ✓ marks a unit whose household has voted."""
    def mark(code: str) -> tuple[str, str]:
        return ("", "") if voted is None or code not in voted else (" voted", f" · {voted_label}")
    return format_html_join("", '<td class="cell o-{}{}" title="{}{}">{}</td>', (
        (c.outcome, mark(c.code)[0], c.label or not_reached, mark(c.code)[1], c.code) for c in row.cells))


def floor_label(row: FloorRow, template: str) -> SafeString:
    return format_html("{}", "—" if row.floor is None else template % {"f": row.floor})
