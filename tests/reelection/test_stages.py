from __future__ import annotations

from datetime import date

from huanjie.reelection.models import Reelection, StageProgress
from huanjie.reelection.selectors import stage_rows


def test_an_undone_stage_past_its_due_date_is_overdue_and_the_first_undone_is_next(wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage="report", done_on=date(2026, 10, 20))
    rows = {row.key: row for row in stage_rows(reelection, today=date(2026, 12, 31))}
    assert rows["report"].done_on == date(2026, 10, 20) and not rows["report"].overdue
    assert rows["working_group"].is_next
    assert rows["working_group"].due == date(2026, 12, 28)
    assert rows["working_group"].overdue
