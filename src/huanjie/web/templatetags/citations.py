"""`{{ reference|cite }}`: a legal reference of the code ("SH art. 28") as the reader's language cites it."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from huanjie.rules.citations import cite as cite_in

register = template.Library()


@register.filter
def cite(reference: str) -> str:
    """《上海市住宅物业管理规定》第二十八条 in Chinese, the law's English name and article in English."""
    return cite_in(reference, get_language())
