"""The handover lists with their statutory deadlines (law.md) and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huanjie.handover.models import Direction, Handover, HandoverItem
from huanjie.holidays.selectors import LegalDate, app_calendar, legal_date
from huanjie.reelection.models import Reelection
from huanjie.rules.timeline import Stage, deadlines, within_days

# Which step starts the period of each handover, and how long it is (SH art. 28, art. 30).
ANCHORS = {Direction.TO_HOUSING_OFFICE: (Stage.WORKING_GROUP, 10, "SH art. 28"),
           Direction.TO_NEW_COMMITTEE: (Stage.FILING, 10, "SH art. 30")}
FALLBACK = {Direction.TO_HOUSING_OFFICE: Stage.RECORDS_HANDOVER, Direction.TO_NEW_COMMITTEE: Stage.HANDOVER}


@dataclass(frozen=True)
class HandoverView:
    handover: Handover
    items: list[HandoverItem]
    due: date | None
    basis: str
    estimated: bool  # True while the step the period runs from is not done: the date is the planned one
    overdue_items: set[int]
    legal: LegalDate = LegalDate()  # `due` is the safe target; art. 203 ¶1's date beside it

    @property
    def signed(self) -> int:
        return sum(1 for i in self.items if i.complete)


def deadline(reelection: Reelection, direction: Direction) -> tuple[date | None, str, bool]:
    """(last day, basis, estimated): 10 days after the step is done, or the timeline's date until it is."""
    stage, days, basis = ANCHORS[direction]
    done = next((p.done_on for p in reelection.progress.all() if p.stage == stage.value), None)
    if done is not None:
        return within_days(done, days), basis, False
    planned = {d.stage: d.due for d in deadlines(reelection.term_end, reelection.assembly_date)}
    return planned[FALLBACK[direction]], basis, True


def handover_views(reelection: Reelection, *, today: date) -> list[HandoverView]:
    views = []
    calendar = app_calendar()
    for handover in Handover.objects.filter(reelection=reelection).prefetch_related("items"):
        due, basis, estimated = deadline(reelection, Direction(handover.direction))
        items = list(handover.items.all())
        late = {i.pk for i in items if not i.complete and due is not None and due < today}
        views.append(HandoverView(handover, items, due, basis, estimated, late, legal_date(due, calendar)))
    return views
