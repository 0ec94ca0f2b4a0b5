from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 100
# A 20,000-unit roster is read in 40 requests; one request never loads it all.
MAX_LIMIT = 500


class LimitOffset(PaginationBase):
    """`?limit=&offset=` with a hard ceiling: a limit above MAX_LIMIT is refused (422), not cut."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        # Bounded so that no offset overflows the database's integer (a 500 instead of an empty page).
        offset: int = Field(0, ge=0, le=10_000_000)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest,
                          **params: Any) -> dict[str, Any]:
        start = pagination.offset
        return {"items": queryset[start:start + pagination.limit], "count": queryset.count()}
