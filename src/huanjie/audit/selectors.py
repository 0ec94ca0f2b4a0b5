"""Which audit records a page shows: those of the communities the viewer may see, filtered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import QueryDict

from huanjie.audit.models import AuditRecord
from huanjie.audit.presenting import GROUPS, LABELS

LONGEST_QUERY = 50


@dataclass(frozen=True)
class LogFilter:
    date_from: date | None = None
    date_to: date | None = None
    action: str = ""  # a code, or "group.*" for every code of a group
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    query: str = ""  # part of the object's label

    def is_empty(self) -> bool:
        return self == LogFilter()

    def described(self) -> dict[str, str]:
        """The filter as a record keeps it (the export's audit record and header)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "action": self.action,
            "actor": self.actor,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "query": self.query,
        }
        return {key: value for key, value in values.items() if value}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _action(value: str) -> str:
    if value in LABELS:
        return value
    if value.endswith(".*") and value[:-2] in GROUPS:
        return value
    return ""


def log_filter(get: QueryDict) -> LogFilter:
    """The filter from the query string; anything unreadable is left out (no filter rather than an error)."""
    return LogFilter(
        date_from=_date(get.get("from")),
        date_to=_date(get.get("to")),
        action=_action(get.get("action") or ""),
        actor=(get.get("actor") or "").strip()[:150],
        target_type=(get.get("type") or "").strip()[:64],
        target_id=(get.get("id") or "").strip()[:64],
        query=(get.get("q") or "").strip()[:LONGEST_QUERY],
    )


def records(community_ids: Iterable[int], chosen: LogFilter, *, also: Q | None = None) -> QuerySet[AuditRecord]:
    """The records of these communities (and those `also` names) that match, newest first."""
    scope = Q(community_id__in=list(community_ids))
    found = AuditRecord.objects.filter(scope | also if also is not None else scope)
    if chosen.date_from:
        found = found.filter(at__date__gte=chosen.date_from)
    if chosen.date_to:
        found = found.filter(at__date__lte=chosen.date_to)
    if chosen.action.endswith(".*"):
        found = found.filter(code__startswith=chosen.action[:-1])
    elif chosen.action:
        found = found.filter(code=chosen.action)
    if chosen.actor:
        found = found.filter(actor_label=chosen.actor)
    if chosen.target_type:
        found = found.filter(target_type=chosen.target_type)
    if chosen.target_id:
        found = found.filter(target_id=chosen.target_id)
    if chosen.query:
        found = found.filter(Q(target_label__icontains=chosen.query) | Q(target_id=chosen.query))
    return found.order_by("-sequence")


def object_records(community_id: int, target_type: str, target_id: str) -> QuerySet[AuditRecord]:
    """One object's records in the order they were written."""
    return AuditRecord.objects.filter(community_id=community_id, target_type=target_type, target_id=target_id).order_by(
        "sequence"
    )


def actors(community_ids: Iterable[int]) -> list[str]:
    return sorted(
        AuditRecord.objects.filter(community_id__in=list(community_ids))
        .order_by()
        .values_list("actor_label", flat=True)
        .distinct()
    )


def target_types(community_ids: Iterable[int]) -> list[str]:
    return sorted(
        t
        for t in AuditRecord.objects.filter(community_id__in=list(community_ids))
        .order_by()
        .values_list("target_type", flat=True)
        .distinct()
        if t
    )
