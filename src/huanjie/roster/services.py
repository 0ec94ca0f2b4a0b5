"""Changes to the roster: staging an uploaded file, applying it, discarding it.

An import is two steps so that nobody replaces the roster by accident: the file is checked and
kept as a pending RosterImport while the working group looks at the difference, and only a
confirmation applies it — in one transaction, against the roster it was compared with.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie import audit
from huanjie.roster.errors import ImportNotPending, RemovalBlocked, StaleImport, StorageFull
from huanjie.roster.importing import ParsedRoster, RosterDiff, StoredRoster, load_stored, roster_diff
from huanjie.roster.importing.apply import removal_blockers, write_roster
from huanjie.roster.importing.diff import adopt_stored_identifiers
from huanjie.roster.models import Community, ImportStatus, RosterImport
from huanjie.roster.selectors import count_rules_of

logger = logging.getLogger("huanjie.roster")
F = TypeVar("F", bound=Callable[..., Any])
# PostgreSQL's SQLSTATE for "disk full" (class 53, insufficient resources).
PG_DISK_FULL = "53100"


def disk_full(error: BaseException) -> bool:
    """The database refused a write for lack of space: SQLITE_FULL, or PostgreSQL's disk_full."""
    cause = error.__cause__ or error
    if getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return True
    return getattr(cause, "sqlstate", None) == PG_DISK_FULL or "database or disk is full" in str(cause)


def _storage_full_refused(action: str) -> Callable[[F], F]:
    """Turn a full disk during `action` (after its transaction has been rolled back) into StorageFull."""

    def decorate(function: F) -> F:
        @wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except DatabaseError as error:
                if not disk_full(error):
                    raise
                logger.error("roster %s rolled back: the database is out of disk space (%s)", action, error)
                raise StorageFull() from error

        return wrapper  # type: ignore[return-value]

    return decorate


@_storage_full_refused("import staging")
@transaction.atomic
def stage_roster_import(*, community: Community, parsed: ParsedRoster, actor: Any) -> RosterImport:
    """Keep a checked file as a pending import, with the fingerprint of the roster it was compared with."""
    stored, parsed, diff = compare(community, parsed)
    staged = RosterImport.objects.create(
        community=community, uploaded_by=actor if getattr(actor, "pk", None) else None,
        file_name=parsed.file_name[:255], sha256=parsed.sha256, base_sha256=stored.fingerprint,
        rows=parsed.to_json(), summary=diff.counts(),
    )
    audit.record("roster.import.staged", actor=actor, target=staged,
                 data={"file": staged.file_name, "sha256": parsed.sha256, "units": len(parsed.units)})
    return staged


def compare(community: Community, parsed: ParsedRoster) -> tuple[StoredRoster, ParsedRoster, RosterDiff]:
    """The stored roster, the file with stored owners recognised by name and phone, and their difference."""
    stored = load_stored(community)
    parsed = adopt_stored_identifiers(stored, parsed)
    return stored, parsed, roster_diff(stored, parsed, count_rules_of(community).join)


def preview(roster_import: RosterImport) -> RosterDiff:
    """The difference a pending import would make to the roster as it is now."""
    community = roster_import.community
    parsed = ParsedRoster.from_json(roster_import.rows)
    return roster_diff(load_stored(community), parsed, count_rules_of(community).join)


# Records the database itself names by their model's verbose name; these two have none of their own.
KIND_NAMES = {"candidates.Supporter": gettext_lazy("联名推荐"),
              "candidates.MeetingAttendee": gettext_lazy("见面会签到")}
SHOWN_BLOCKERS = 10


def blocked_removals(diff: RosterDiff) -> list[str]:
    """Each record that stops the file's removals, as a person reads it: 提名“乙先生（1-102）”."""
    return [_("%(kind)s“%(name)s”") % {"kind": _kind(blocker), "name": blocker} for blocker in removal_blockers(diff)]


def _kind(blocker: Model) -> str:
    return str(KIND_NAMES.get(blocker._meta.label, blocker._meta.verbose_name))


def listed(items: list[str]) -> str:
    shown = _("、").join(items[:SHOWN_BLOCKERS])
    more = len(items) - SHOWN_BLOCKERS
    return shown + (_("等 %(n)s 项") % {"n": len(items)} if more > 0 else "")


@_storage_full_refused("import")
@transaction.atomic
def apply_roster_import(*, roster_import: RosterImport, actor: Any) -> RosterDiff:
    """Write a pending import into the roster; refused if the roster changed since it was checked."""
    # Lock the community row: two confirmations of two imports queue up, and the second is stale.
    community = Community.objects.select_for_update().get(pk=roster_import.community_id)
    staged = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    _ensure_pending(staged)
    stored = load_stored(community)
    if stored.fingerprint != staged.base_sha256:
        logger.warning("roster import %s of %s refused: the roster changed since it was checked", staged.pk,
                       community.slug)
        raise StaleImport(file=staged.file_name)
    parsed = ParsedRoster.from_json(staged.rows)
    diff = roster_diff(stored, parsed, count_rules_of(community).join)
    blockers = blocked_removals(diff)
    if blockers:
        logger.warning("roster import %s of %s refused: %s records still name removed units or owners",
                       staged.pk, community.slug, len(blockers))
        raise RemovalBlocked(items=listed(blockers))
    write_roster(community, stored, parsed, diff)
    staged.status, staged.decided_at, staged.summary = ImportStatus.APPLIED, timezone.now(), diff.counts()
    staged.save(update_fields=["status", "decided_at", "summary"])
    before = {"units": diff.before.units, "owners": diff.before.owners,
              "eligible_headcount": diff.before.headcount, "eligible_area": str(diff.before.area)}
    audit.record("roster.import.applied", actor=actor, target=staged,
                 data={"file": staged.file_name, "sha256": staged.sha256, "before": before, "after": diff.counts()})
    logger.info("roster import %s applied to %s: %s", staged.pk, community.slug, diff.counts())
    roster_import.status = staged.status
    return diff


@transaction.atomic
def discard_roster_import(*, roster_import: RosterImport, actor: Any) -> None:
    staged = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    _ensure_pending(staged)
    staged.status, staged.decided_at = ImportStatus.DISCARDED, timezone.now()
    staged.save(update_fields=["status", "decided_at"])
    audit.record("roster.import.discarded", actor=actor, target=staged, data={"file": staged.file_name})
    roster_import.status = staged.status


def _ensure_pending(staged: RosterImport) -> None:
    if staged.status != ImportStatus.PENDING:
        raise ImportNotPending(actual=staged.get_status_display())
