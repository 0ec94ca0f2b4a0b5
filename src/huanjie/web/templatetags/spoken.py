"""Template filters for what a screen reader says."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def spelled(code: str) -> str:
    """A code read out character by character: "K7QM-3XPA" → "K 7 Q M - 3 X P A" (read as one word otherwise)."""
    return " ".join(str(code))
