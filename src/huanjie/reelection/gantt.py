"""The progress ledger as a Gantt-style SVG: one row per step, its window, its due and done days.

A step's window runs from the previous known due date to its own (steps the law gives no date
run until the next dated step; one with no dated step after it is marked 日期待定, not drawn);
a diamond marks the day it was done; a line marks today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from huanjie.reelection.selectors import StageRow

LABEL_W, ROW, PAD = 190, 24, 10


def _windows(rows: list[StageRow], start: date) -> list[tuple[date, date] | None]:
    """Each step's window; None for a step without a date and no dated step after it (its date
    comes from a step not yet done, such as 计票 after the vote): it is not drawn at all, rather
    than stretched to the chart's right edge as if it were known."""
    windows: list[tuple[date, date] | None] = []
    previous = start
    for i, row in enumerate(rows):
        until = row.due or next((r.due for r in rows[i + 1:] if r.due and r.due >= previous), None)
        windows.append(None if until is None else (min(previous, until), until))
        if row.due:
            previous = row.due
    return windows


def gantt_chart(rows: list[StageRow], *, today: date, title: str, width: int = 900,
                undated: str = "") -> SafeString:
    """`undated` is the words written on the row of a step whose dates are not known yet."""
    days = [d for r in rows for d in (r.due, r.done_on) if d] + [today]
    start, end = min(days) - timedelta(days=7), max(days) + timedelta(days=7)
    span = (end - start).days or 1
    track = width - LABEL_W - PAD

    def x(day: date) -> int:
        return LABEL_W + (day - start).days * track // span

    windows = _windows(rows, start + timedelta(days=7))
    bars = format_html_join("", (
        '<g class="gantt-row {}" data-stage="{}"><text x="0" y="{}" dominant-baseline="middle">{}</text>{}{}</g>'
    ), (
        (_state(row), row.key, i * ROW + ROW // 2 + 18, row.label, _window(row, i, window, x, undated),
         _done_mark(row, i, x))
        for i, (row, window) in enumerate(zip(rows, windows, strict=True))
    ))
    months = _month_ticks(start, end)
    ticks = format_html_join("", '<line class="gantt-tick" x1="{}" x2="{}" y1="12" y2="{}"></line>'
                             '<text x="{}" y="10" class="gantt-month">{}</text>',
                             ((x(m), x(m), len(rows) * ROW + 20, x(m) + 2, f"{m:%Y-%m}") for m in months))
    height = len(rows) * ROW + 28
    return format_html(
        '<svg class="chart gantt" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}{}'
        '<line class="gantt-today" x1="{}" x2="{}" y1="12" y2="{}"></line></svg>',
        width, height, title, title, ticks, bars, x(today), x(today), height)


def _window(row: StageRow, i: int, window: tuple[date, date] | None, x: Callable[[date], int],
            undated: str) -> SafeString:
    if window is None:
        if row.done_on:
            return mark_safe("")  # noqa: S308 — a constant empty string; the done mark says when
        return format_html('<text class="gantt-undated" x="{}" y="{}" dominant-baseline="middle">{}</text>',
                           LABEL_W + 4, i * ROW + ROW // 2 + 18, undated)
    a, b = window
    return format_html('<rect class="gantt-window" x="{}" y="{}" width="{}" height="{}" rx="3"><title>{}</title>'
                       '</rect>', x(a), i * ROW + 22, max(x(b) - x(a), 3), ROW - 10,
                       f"{row.label} {a:%m-%d} → {b:%m-%d}")


def _state(row: StageRow) -> str:
    return "done" if row.done_on else "overdue" if row.overdue else "next" if row.is_next else "pending"


def _done_mark(row: StageRow, i: int, x: object) -> SafeString:
    if not row.done_on:
        return mark_safe("")  # noqa: S308 — a constant empty string
    cx, cy = x(row.done_on), i * ROW + 22 + (ROW - 10) // 2  # type: ignore[operator]
    return format_html('<path class="gantt-done" d="M{} {}l5 5l-5 5l-5 -5z"><title>{} {}</title></path>',
                       cx, cy - 5, row.label, row.done_on.isoformat())


def _month_ticks(start: date, end: date) -> list[date]:
    ticks, day = [], date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            ticks.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks
