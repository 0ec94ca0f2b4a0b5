from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from huanjie.reelection.models import STAGE_LABELS, Reelection
from huanjie.rules.timeline import deadlines


@dataclass(frozen=True)
class StageRow:
    key: str
    label: str
    due: date | None
    basis: str
    done_on: date | None
    overdue: bool
    is_next: bool


def stage_rows(reelection: Reelection, *, today: date) -> list[StageRow]:
    """The progress ledger's rows: statutory dates, what is done, what is overdue, what is next."""
    done = {p.stage: p.done_on for p in reelection.progress.all()}
    rows: list[StageRow] = []
    next_marked = False
    for step in deadlines(reelection.term_end, reelection.assembly_date):
        done_on = done.get(step.stage.value)
        is_next = done_on is None and not next_marked
        next_marked = next_marked or is_next
        overdue = done_on is None and step.due is not None and step.due < today
        rows.append(StageRow(step.stage.value, str(STAGE_LABELS[step.stage]), step.due, step.basis,
                             done_on, overdue, is_next))
    return rows


def current_reelection(community_id: int) -> Reelection | None:
    return Reelection.objects.filter(community_id=community_id).prefetch_related("progress").first()
