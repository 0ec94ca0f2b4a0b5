"""Which audit records a page shows: those of the communities the viewer may see, filtered.

A page is found by its neighbour's sequence number (keyset pagination), never by counting or
skipping the records before it: a street office's log holds hundreds of thousands of records, and
a page of it must cost the same as a page of a new community's (issue 20). On PostgreSQL each
community's newest matching records are read from the (community_id, sequence) index and merged;
the filter lists come from small tables (the known action codes, the memberships, the models).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict

from huanjie.accounts.models import Membership, Role
from huanjie.audit.models import AuditRecord
from huanjie.audit.presenting import GROUPS, LABELS

LONGEST_QUERY = 50
PER_PAGE = 50


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


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: before a sequence number (older records), or after one (newer records)."""

    before: int | None = None
    after: int | None = None

    @property
    def newest_first(self) -> bool:
        return self.after is None


def _sequence(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def cursor(get: QueryDict) -> Cursor:
    """The page's cursor from the query string (`before` wins); anything unreadable means the newest page."""
    before = _sequence(get.get("before"))
    return Cursor(before=before) if before is not None else Cursor(after=_sequence(get.get("after")))


@dataclass(frozen=True)
class LogPage:
    """One page of records, newest first, with the cursors of the pages beside it (None: there is none)."""

    records: list[AuditRecord]
    older: int | None  # ?before=…
    newer: int | None  # ?after=…
    first: bool  # the newest page


def _matching(found: QuerySet[AuditRecord], chosen: LogFilter) -> QuerySet[AuditRecord]:
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
    return found


def _scopes(community_ids: Iterable[int], also: Q | None) -> list[Q]:
    return [Q(community_id=pk) for pk in community_ids] + ([also] if also is not None else [])


def records(community_ids: Iterable[int], chosen: LogFilter, *, also: Q | None = None) -> QuerySet[AuditRecord]:
    """The records of these communities (and those `also` names) that match, newest first (the exports)."""
    scope = Q(community_id__in=list(community_ids))
    found = AuditRecord.objects.filter(scope | also if also is not None else scope)
    return _matching(found, chosen).order_by("-sequence")


def log_page(community_ids: Iterable[int], chosen: LogFilter, where: Cursor, *, also: Q | None = None,
             size: int = PER_PAGE) -> LogPage:
    """One page of the matching records of these communities (and those `also` names), in one query.

    One more record than the page holds is read in the direction of travel, to know whether there is
    another page that way. On PostgreSQL every scope (a community, the office's own records) is read
    on its own from its index, newest first, at most a page of it, and the pieces merged: one index
    scan per community, however many records the office holds. SQLite cannot limit the parts of a
    UNION; there the scopes are one filter (its databases are small).
    """
    order = "-sequence" if where.newest_first else "sequence"

    def part(scope: Q) -> QuerySet[AuditRecord]:
        found = _matching(AuditRecord.objects.filter(scope), chosen)
        if where.before is not None:
            found = found.filter(sequence__lt=where.before)
        if where.after is not None:
            found = found.filter(sequence__gt=where.after)
        return found.order_by(order)

    scopes = _scopes(community_ids, also)
    if not scopes:
        return LogPage([], None, None, where.before is None and where.after is None)
    if len(scopes) > 1 and connection.features.supports_slicing_ordering_in_compound:
        parts = [part(scope)[: size + 1] for scope in scopes]
        found = list(parts[0].union(*parts[1:], all=True).order_by(order)[: size + 1])
    else:
        combined = Q()
        for scope in scopes:
            combined |= scope
        found = list(part(combined)[: size + 1])
    more, shown = len(found) > size, found[:size]
    if where.newest_first:  # the newest page, or older ones: more means more older records
        older = shown[-1].sequence if more else None
        newer = shown[0].sequence if where.before is not None and shown else None
        first = where.before is None
    else:  # newer pages, read oldest first: more means more newer records
        shown.reverse()
        older = shown[-1].sequence if shown else None
        newer = shown[0].sequence if more else None
        first = not more
    return LogPage(shown, older, newer, first)


def object_records(community_id: int, target_type: str, target_id: str) -> QuerySet[AuditRecord]:
    """One object's records in the order they were written."""
    return AuditRecord.objects.filter(community_id=community_id, target_type=target_type, target_id=target_id).order_by(
        "sequence"
    )


def actors(community_ids: Iterable[int]) -> list[str]:
    """Who may act in these communities' logs, from the memberships (a small table, not the log):
    their staff, the supervisors of their street offices, and "system". The actor filter also takes a
    name not in this list (a former member), typed in."""
    ids = list(community_ids)
    staff = Membership.objects.filter(community_id__in=ids).exclude(role=Role.OWNER)
    office = Membership.objects.filter(role=Role.SUPERVISOR, street_office__communities__in=ids)
    names = set(staff.values_list("user__username", flat=True)) | set(office.values_list("user__username", flat=True))
    return sorted(names | {"system"})


def target_types() -> list[str]:
    """The kinds of object a record may be about: the models of huanjie's apps (a known list, not the log)."""
    return sorted(model._meta.label_lower for model in apps.get_models() if model.__module__.startswith("huanjie."))
