"""Reading the follow-ups typed under a meeting's minutes, one per line:

    事项 | 责任单位 | 责任人 | 期限
    修复3号楼门禁 | 物业公司 | 张经理 | 2026-12-15

Separators may be ASCII "|" or full-width "｜". Every bad line is named with its reason, and
the minutes are saved only when every line reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from huanjie.jointoffice.models import Party


@dataclass(frozen=True)
class FollowUp:
    title: str
    party: Party
    owner: str
    due_on: date


def parse_follow_ups(text: str, *, held_on: date) -> tuple[list[FollowUp], list[str]]:
    """(follow-ups, problems); each problem names its line ("第2行：…")."""
    parties = {str(p.label): p for p in Party}
    items: list[FollowUp] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        cells = [c.strip() for c in line.replace("｜", "|").split("|")]
        if len(cells) != 4 or not all(cells):
            problems.append(_("第%(n)s行：应为“事项 | 责任单位 | 责任人 | 期限”四栏，均不能为空") % {"n": number})
            continue
        title, party_label, owner, due_text = cells
        party = parties.get(party_label)
        if party is None:
            problems.append(_("第%(n)s行：责任单位“%(p)s”应为居委会、业委会或物业公司") % {
                "n": number, "p": party_label})
            continue
        try:
            due_on = date.fromisoformat(due_text)
        except ValueError:
            problems.append(_("第%(n)s行：期限“%(d)s”不是日期（例如 2026-12-15）") % {"n": number, "d": due_text})
            continue
        if due_on < held_on:
            problems.append(_("第%(n)s行：期限 %(d)s 早于会议日期") % {"n": number, "d": due_on.isoformat()})
            continue
        if len(title) > 200 or len(owner) > 60:
            problems.append(_("第%(n)s行：事项或责任人过长") % {"n": number})
            continue
        items.append(FollowUp(title, party, owner, due_on))
    return items, problems
