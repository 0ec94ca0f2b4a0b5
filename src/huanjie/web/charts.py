"""Charts as inline SVG drawn on the server: they render offline, print, and need no script."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Fraction
    caption: str  # what is printed at the bar's end, e.g. "48 户"


def bar_chart(bars: list[Bar], *, title: str, width: int = 640, row: int = 26,
              maximum: Fraction | None = None) -> SafeString:
    """Horizontal bars scaled to `maximum` (default: the largest value); the numbers are printed too."""
    # The caption needs room for "80 户 · 12345.67 ㎡": text past the viewBox is clipped, not wrapped.
    label_w, caption_w = 110, 150
    track = width - label_w - caption_w
    biggest = maximum or max((Fraction(bar.value) for bar in bars), default=Fraction(0)) or Fraction(1)
    height = row * len(bars) + 8
    rows = format_html_join("", (
        '<text x="0" y="{}" dominant-baseline="middle">{}</text>'
        '<rect class="bar-track" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<rect class="bar-fill" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>'
    ), (
        (i * row + row // 2 + 4, bar.label,
         label_w, i * row + 6, track, row - 10,
         label_w, i * row + 6, int(track * Fraction(bar.value) / biggest), row - 10,
         label_w + track + 8, i * row + row // 2 + 4, bar.caption)
        for i, bar in enumerate(bars)
    ))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
                       width, height, title, title, rows)
