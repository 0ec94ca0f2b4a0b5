from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from huanjie.holidays.selectors import LegalDate, app_calendar, legal_date
from huanjie.reelection.models import STAGE_LABELS, Reelection, StageProgress
from huanjie.roster.models import Community, StreetOffice
from huanjie.rules.restdays import HolidayCalendar
from huanjie.rules.timeline import deadlines, requires_evidence


@dataclass(frozen=True)
class StageRow:
    key: str
    label: str
    due: date | None
    basis: str
    done_on: date | None
    overdue: bool
    is_next: bool
    done_by: str = ""
    note: str = ""
    evidence_id: int | None = None  # the StageProgress holding a file, for the download link
    needs_evidence: bool = False
    legal: LegalDate = LegalDate()  # `due` is the safe target; the law's date beside it (art. 203 ¶1)


def _person(progress: StageProgress) -> str:
    user = progress.done_by
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def stage_rows(reelection: Reelection, *, today: date, calendar: HolidayCalendar | None = None) -> list[StageRow]:
    """The progress ledger's rows: statutory dates, what is done, what is overdue, what is next.

    A due date is the safe target, computed without moving it; where art. 203 ¶1 would let a
    rest day move it later, the row carries that date too (or that the year is not verified).
    """
    calendar = calendar or app_calendar()
    done = {p.stage: p for p in reelection.progress.all()}
    rows: list[StageRow] = []
    next_marked = False
    for step in deadlines(reelection.term_end, reelection.assembly_date):
        progress = done.get(step.stage.value)
        done_on = progress.done_on if progress else None
        is_next = done_on is None and not next_marked
        next_marked = next_marked or is_next
        overdue = done_on is None and step.due is not None and step.due < today
        rows.append(StageRow(
            step.stage.value, str(STAGE_LABELS[step.stage]), step.due, step.basis, done_on, overdue, is_next,
            done_by=_person(progress) if progress else "", note=progress.note if progress else "",
            evidence_id=progress.pk if progress and progress.evidence else None,
            needs_evidence=requires_evidence(step.stage),
            legal=legal_date(step.due, calendar) if step.extends and done_on is None else LegalDate(),
        ))
    return rows


def current_reelection(community_id: int) -> Reelection | None:
    return (Reelection.objects.filter(community_id=community_id)
            .prefetch_related(Prefetch("progress", queryset=StageProgress.objects.select_related("done_by")))
            .first())


@dataclass(frozen=True)
class OfficeRow:
    community: Community
    reelection: Reelection | None
    stages: list[StageRow]

    @property
    def done(self) -> int:
        return sum(1 for s in self.stages if s.done_on)

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.stages if s.overdue)


def office_rows(office: StreetOffice, *, today: date) -> list[OfficeRow]:
    """Every community of the street office with its latest re-election, in three queries."""
    communities = list(Community.objects.filter(street_office=office).order_by("name"))
    latest: dict[int, Reelection] = {}
    for reelection in (Reelection.objects.filter(community__street_office=office).order_by("community_id", "-term_end")
                       .prefetch_related("progress")):
        latest.setdefault(reelection.community_id, reelection)
    calendar = app_calendar()
    return [OfficeRow(c, latest.get(c.pk), stage_rows(latest[c.pk], today=today, calendar=calendar)
                      if c.pk in latest else [])
            for c in communities]
