"""The progress ledger as a Gantt-style SVG: one row per step, its window, its due and done days.

A step's window runs from the previous known due date to its own (steps the law gives no date
run until the next dated step); a diamond marks the day it was done; a line marks today.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from huanjie.reelection.selectors import StageRow

LABEL_W, ROW, PAD = 190, 24, 10


def _windows(rows: list[StageRow], start: date, end: date) -> list[tuple[date, date]]:
    windows: list[tuple[date, date]] = []
    previous = start
    for i, row in enumerate(rows):
        until = row.due or next((r.due for r in rows[i + 1:] if r.due and r.due >= previous), end)
        windows.append((min(previous, until), until))
        if row.due:
            previous = row.due
    return windows


def gantt_chart(rows: list[StageRow], *, today: date, title: str, width: int = 900) -> SafeString:
    days = [d for r in rows for d in (r.due, r.done_on) if d] + [today]
    start, end = min(days) - timedelta(days=7), max(days) + timedelta(days=7)
    span = (end - start).days or 1
    track = width - LABEL_W - PAD

    def x(day: date) -> int:
        return LABEL_W + (day - start).days * track // span

    windows = _windows(rows, start + timedelta(days=7), end - timedelta(days=7))
    bars = format_html_join("", (
        '<g class="gantt-row {}"><text x="0" y="{}" dominant-baseline="middle">{}</text>'
        '<rect class="gantt-window" x="{}" y="{}" width="{}" height="{}" rx="3"><title>{}</title></rect>{}</g>'
    ), (
        (_state(row), i * ROW + ROW // 2 + 18, row.label, x(a), i * ROW + 22, max(x(b) - x(a), 3), ROW - 10,
         f"{row.label} {a:%m-%d} → {b:%m-%d}", _done_mark(row, i, x))
        for i, (row, (a, b)) in enumerate(zip(rows, windows, strict=True))
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
