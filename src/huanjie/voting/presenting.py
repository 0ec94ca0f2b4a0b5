"""What the turnout and results pages show, shaped for their templates (charts drawn on the server)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.rules import ElectionResult, FlagKind, Matter, MotionResult, Result, Totals
from huanjie.rules.outcomes import Outcome, anyone_elected, candidate_outcome, has_election, motion_outcome
from huanjie.rules.shares import percent
from huanjie.rules.thresholds import TWO_THIRDS
from huanjie.voting import selectors
from huanjie.voting.models import Assembly, Channel, Contest, WriteIn
from huanjie.voting.selectors_papers import reissued_ballots
from huanjie.voting.tallyfiles import count_inputs
from huanjie.web.charts import Bar, bar_chart

NOT_YET_SHOWN = 200
FLAG_LABELS = {
    FlagKind.UNKNOWN_UNIT: gettext_lazy("房号不在冻结的名册中，此票不计"),
    FlagKind.MIXED_ENTITIES: gettext_lazy("一张票上有不同业主的房屋，此票不计"),
    FlagKind.DUPLICATE_UNIT: gettext_lazy("该房屋已有先计入的票，此票不再计入（重复票）"),
    FlagKind.UNKNOWN_CANDIDATE: gettext_lazy("写了非候选人的姓名，该姓名不计，所选候选人仍有效"),
    FlagKind.OVER_VOTE: gettext_lazy("同意人数超过上限，本事项的选择无效"),
    FlagKind.ENTITY_CONFLICT: gettext_lazy("同一业主的几张票意见不一致，人数不计"),
}

# spec/tally.md rule 5 with write_in = "void-contest", where the rules of procedure say so.
VOIDED_BY_A_WRITE_IN = gettext_lazy("写了非候选人的姓名，本事项的选择无效（依议事规则）")
NO_QUORUM = gettext_lazy("未达到法定参与比例（人数、面积均须三分之二以上）")
# A candidate's outcome, as the results page and the results notices' table say it.
CANDIDATE_LABELS = {
    Outcome.ELECTED: gettext_lazy("当选"),
    Outcome.TIED: gettext_lazy("并列，另行表决"),
    Outcome.ALTERNATE: gettext_lazy("过半数未当选（可为候补）"),
    Outcome.NO_QUORUM: NO_QUORUM,
    Outcome.SHORT_OF_HALF: gettext_lazy("未过半数"),
    Outcome.SHORT_OF_THREE_QUARTERS: gettext_lazy("未达到四分之三"),
}
MOTION_LABELS = {
    Outcome.PASSED: gettext_lazy("通过"),
    Outcome.NO_QUORUM: gettext_lazy("未通过：未达到法定参与比例（人数、面积均须三分之二以上）"),
    Outcome.SHORT_OF_HALF: gettext_lazy("未通过：同意未过半数"),
    Outcome.SHORT_OF_THREE_QUARTERS: gettext_lazy("未通过：同意未达到四分之三"),
}
BADGES = {Outcome.ELECTED: "ok", Outcome.PASSED: "ok", Outcome.TIED: "warn", Outcome.ALTERNATE: "muted"}


def matter_of(contest: Contest | None) -> Matter:
    """The matter of art. 278 ¶1 a contest decides; an election of the committee when unknown."""
    return Matter.from_spec_name(contest.matter) if contest is not None else Matter.ELECT_COMMITTEE




def turnout_context(assembly: Assembly) -> dict[str, Any]:
    now = selectors.turnout(assembly)
    quorum = [
        Bar(_("人数"), Fraction(now.participating.headcount, now.eligible.headcount or 1),
            f"{now.participating.headcount}/{now.eligible.headcount} 人"),
        Bar(_("面积"), Fraction(now.participating.area) / Fraction(now.eligible.area or 1),
            f"{now.participating.area}/{now.eligible.area} ㎡"),
        Bar(_("法定 2/3"), TWO_THIRDS, "66.7%"),
    ]
    buildings = [Bar(b.name, b.area_share, f"{b.voted_units}/{b.units} 户 · {percent(b.voted_area, b.area)}")
                 for b in now.buildings]
    channels = dict(Channel.choices)
    missing = selectors.not_yet_voted(assembly)
    return {
        "turnout": now,
        "head_share": percent(now.participating.headcount, now.eligible.headcount),
        "area_share": percent(now.participating.area, now.eligible.area),
        "quorum_chart": bar_chart(quorum, title=_("参与表决：人数、面积与 2/3 法定比例")),
        "building_chart": bar_chart(buildings, title=_("各楼栋已投票面积占比")),
        "channels": [(channels[c], n) for c, n in sorted(now.by_channel.items())],
        "missing": missing[:NOT_YET_SHOWN],
        "missing_count": selectors.not_yet_voted_count(assembly),
        "reissued": list(reissued_ballots(assembly)),
    }


@dataclass(frozen=True)
class CandidateRow:
    name: str
    headcount: int
    area: Decimal
    head_share: str
    area_share: str
    outcome: Outcome
    label: str

    @property
    def badge(self) -> str:
        return BADGES.get(self.outcome, "bad")


def results_context(assembly: Assembly, result: Result) -> dict[str, Any]:
    contests = {c.spec_id: c for c in assembly.contests.all()}
    names = count_inputs(assembly).unit_names
    elections, motions = [], []
    for contest in result.contests:
        matter = matter_of(contests.get(contest.id))
        if isinstance(contest, ElectionResult):
            elections.append((contests.get(contest.id), contest, _candidate_rows(result, contest, matter)))
        elif isinstance(contest, MotionResult):
            outcome = motion_outcome(result.quorum_met, contest, matter)
            motions.append((contests.get(contest.id), contest, _motion_rows(contest, result.participating),
                            str(MOTION_LABELS[outcome]), BADGES.get(outcome, "bad")))
    labels = dict(FLAG_LABELS)
    if assembly.write_in == WriteIn.VOID_CONTEST:
        labels[FlagKind.UNKNOWN_CANDIDATE] = VOIDED_BY_A_WRITE_IN
    flags = [(flag, names.get(flag.unit or "", flag.unit), labels[flag.flag]) for flag in result.flags]
    return {"result": result, "elections": elections, "motions": motions, "flags": flags,
            "stored": assembly.result, "no_quorum_label": NO_QUORUM, "reissued": list(reissued_ballots(assembly)),
            "nobody_elected": has_election(result) and not anyone_elected(result),
            "head_share": percent(result.participating.headcount, result.eligible.headcount),
            "area_share": percent(result.participating.area, result.eligible.area)}


def _candidate_rows(result: Result, contest: ElectionResult, matter: Matter) -> list[CandidateRow]:
    participating = result.participating
    rows = []
    for c in contest.candidates:
        outcome = candidate_outcome(result.quorum_met, contest, c, matter)
        rows.append(CandidateRow(c.name, c.support.headcount, c.support.area,
                                 percent(c.support.headcount, participating.headcount),
                                 percent(c.support.area, participating.area), outcome, str(CANDIDATE_LABELS[outcome])))
    return rows


def _motion_rows(contest: MotionResult, participating: Totals) -> list[tuple[str, Totals, str, str]]:
    return [(label, totals, percent(totals.headcount, participating.headcount),
             percent(totals.area, participating.area))
            for label, totals in ((_("同意"), contest.yes), (_("反对"), contest.no), (_("弃权"), contest.abstain))]
