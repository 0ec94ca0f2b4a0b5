"""Publishing the result: the preliminary 公示 with an objection period, then the 公告.

Both are notices of the notice engine (`huanjie.notices`), so they get its period counting
(Civil Code art. 201), postings, objections, PDF and public page. The announcement follows
once the preliminary notice's period is over and every objection is answered, and is due
within 3 days of the election (SH art. 21): `final_due` says by when.

What they show is personal-data free: totals, candidates (who consented to publication when
nominated) and contest results; units and owners never appear. The frozen roster's SHA-256,
the ballots file's SHA-256 and the audit chain's head let anyone tie the notice to the
published tally files and to the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.audit.services import chain_head
from huanjie.holidays.selectors import app_calendar
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind
from huanjie.rules import ElectionResult, MotionResult, Result
from huanjie.rules.outcomes import anyone_elected, candidate_outcome, has_election, motion_outcome
from huanjie.rules.restdays import HolidaysNotVerified
from huanjie.rules.timeline import PeriodEnd, legal_last_day, longest_period_before, period_end, results_due
from huanjie.voting.errors import NotCounted, PreliminaryNoticeMissing, ResultsNoticeExists
from huanjie.voting.models import Assembly, AssemblyStatus, Ballot, BallotStatus, Contest, CountResult
from huanjie.voting.presenting import CANDIDATE_LABELS, MOTION_LABELS, NO_QUORUM, matter_of, percent

Actor = AbstractBaseUser | None
PRELIMINARY_DAYS = 1  # leaves a day to answer objections and still announce within the 3 days (SH art. 21)


def election_day(assembly: Assembly) -> date:
    """The day the count ran: the day the owners' choice became known."""
    return timezone.localdate(assembly.result.counted_at)


def final_due(assembly: Assembly) -> date:
    """SH art. 21: the results announcement is due 3 days after the election."""
    return results_due(election_day(assembly))


@dataclass(frozen=True)
class ResultsSchedule:
    """What SH art. 21 requires of the results announcement and what the 公示-first flow allows."""

    election_day: date
    due: date  # the 公告's deadline, 3 days after the election: the safe target, never moved
    longest_period: int  # the longest 公示 drafted and published today that still lets the 公告 be on time
    earliest_final: date | None  # the first day the 公告 may be published, given the 公示 as it stands
    legal_due: PeriodEnd | None = None  # `due` as the law reads it: moved past rest days (art. 203 ¶1)
    unverified_year: int | None = None  # the holiday calendar lacks this year: the dates above it needs are unknown

    @property
    def final_late(self) -> bool:
        """The 公示 as published (or drafted, if published today) pushes the 公告 past its deadline."""
        return self.earliest_final is not None and self.earliest_final > self.due


def results_schedule(assembly: Assembly, today: date) -> ResultsSchedule:
    """The deadline, and what the 公示's period (moved past rest days, art. 203 ¶1) allows."""
    due = final_due(assembly)
    preliminary = assembly.preliminary_notice
    earliest = None
    if preliminary is not None and preliminary.is_published and preliminary.period_ends_on is not None:
        earliest = preliminary.period_ends_on + timedelta(days=1)  # fixed, extended, when it was published
    calendar = app_calendar()
    try:
        legal, longest = legal_last_day(due, calendar), longest_period_before(due, today, calendar)
        if earliest is None and preliminary is not None and not preliminary.is_withdrawn:
            last = (period_end(today, days=preliminary.period_days, calendar=calendar).last_day
                    if preliminary.period_days > 0 else today)
            earliest = last + timedelta(days=1)
    except HolidaysNotVerified as missing:
        return ResultsSchedule(election_day(assembly), due, 0, earliest, unverified_year=missing.year)
    return ResultsSchedule(election_day(assembly), due, longest, earliest, legal_due=legal)


def alternates(contest: ElectionResult) -> list[str]:
    """Passed but not elected and not tied, by headcount then area (Shanghai practice): 候补 candidates."""
    waiting = [c for c in contest.candidates if c.passed and not c.elected and c.name not in contest.tied]
    waiting.sort(key=lambda c: (c.support.headcount, c.support.area), reverse=True)
    return [c.name for c in waiting]


def _counted(assembly: Assembly) -> tuple[Assembly, CountResult, Result]:
    assembly = (Assembly.objects.select_for_update(of=("self",)).select_related("community", "reelection")
                .get(pk=assembly.pk))
    stored = CountResult.objects.filter(assembly=assembly).first()
    if assembly.status != AssemblyStatus.COUNTED or stored is None:
        raise NotCounted(title=assembly.title)
    return assembly, stored, Result.from_dict(stored.data)


@transaction.atomic
def draft_preliminary_results_notice(*, assembly: Assembly, actor: Actor,
                                     period_days: int = PRELIMINARY_DAYS) -> Notice:
    """选举结果公示, a draft of the notice engine; published and posted from the notices pages."""
    assembly, stored, result = _counted(assembly)
    if assembly.preliminary_notice_id is not None:
        raise ResultsNoticeExists(kind=NoticeKind.PRELIMINARY_RESULTS.label, title=str(assembly.preliminary_notice))
    notice = _create(assembly, stored, result, kind=NoticeKind.PRELIMINARY_RESULTS, period_days=period_days,
                     actor=actor)
    assembly.preliminary_notice = notice
    assembly.save(update_fields=["preliminary_notice"])
    audit.record("voting.results.preliminary_drafted", actor=actor, target=assembly,
                 data={"after": {"notice": notice.pk, "period_days": period_days}})
    return notice


@transaction.atomic
def draft_final_results_notice(*, assembly: Assembly, actor: Actor, today: date) -> Notice:
    """选举结果公告: after the 公示's period, every objection answered; due within 3 days (SH art. 21)."""
    assembly, stored, result = _counted(assembly)
    if assembly.final_notice_id is not None:
        raise ResultsNoticeExists(kind=NoticeKind.FINAL_RESULTS.label, title=str(assembly.final_notice))
    preliminary = assembly.preliminary_notice
    if preliminary is None:
        raise PreliminaryNoticeMissing()
    notices.ensure_next_step_may_start(notice=preliminary, today=today)
    notice = _create(assembly, stored, result, kind=NoticeKind.FINAL_RESULTS, period_days=0, actor=actor)
    assembly.final_notice = notice
    assembly.save(update_fields=["final_notice"])
    audit.record("voting.results.final_drafted", actor=actor, target=assembly, data={"after": {
        "notice": notice.pk, "due": final_due(assembly).isoformat(), "late": today > final_due(assembly)}})
    return notice


def _create(assembly: Assembly, stored: CountResult, result: Result, *, kind: str, period_days: int,
            actor: Actor) -> Notice:
    final = kind == NoticeKind.FINAL_RESULTS
    term = assembly.reelection.term_number if assembly.reelection else None
    title = (_("第%(term)s届业主委员会选举结果") % {"term": term}) if term else assembly.title + _("选举结果")
    title += _("公告") if final else _("公示")
    return notices.create_notice(
        community=assembly.community, reelection=assembly.reelection, kind=kind, title=title,
        body=results_body(assembly, stored, result, final=final),
        issuer=_("%(name)s业主委员会换届改选小组") % {"name": assembly.community.name},
        period_days=period_days, actor=actor, table=results_table(assembly, result))


def results_body(assembly: Assembly, stored: CountResult, result: Result, *, final: bool) -> str:
    contests = {c.spec_id: c for c in Contest.objects.filter(assembly=assembly)}
    statuses = dict.fromkeys(BallotStatus.values, 0)
    for status in Ballot.objects.filter(assembly=assembly).values_list("status", flat=True):
        statuses[status] += 1
    local = timezone.localtime
    lines = [
        _("%(community)s业主大会以%(form)s方式表决，投票时间为 %(opens)s 至 %(closes)s，"
          "于 %(counted)s 在%(place)s开箱计票。") % {
            "community": assembly.community.name, "form": assembly.get_form_display(),
            "opens": f"{local(assembly.opens_at):%Y年%m月%d日 %H:%M}",
            "closes": f"{local(assembly.closes_at):%Y年%m月%d日 %H:%M}",
            "counted": f"{local(stored.counted_at):%Y年%m月%d日 %H:%M}",
            "place": assembly.counting_place or _("小区")},
        _("应参与表决业主 %(eh)s 人、专有部分面积 %(ea)s ㎡；参与表决 %(ph)s 人（%(hs)s）、面积 %(pa)s ㎡（%(as)s），"
          "%(verdict)s（《民法典》第二百七十八条）。收到表决票 %(all)s 张，其中计入 %(ok)s 张、"
          "无效 %(bad)s 张、同一户重复投票留存 %(dup)s 张。") % {
            "eh": result.eligible.headcount, "ea": result.eligible.area, "ph": result.participating.headcount,
            "hs": percent(result.participating.headcount, result.eligible.headcount),
            "pa": result.participating.area, "as": percent(result.participating.area, result.eligible.area),
            "verdict": _("达到法定参与比例") if result.quorum_met else _("%(no_quorum)s，表决不成立") % {
                "no_quorum": NO_QUORUM},
            "all": sum(statuses.values()), "ok": statuses[BallotStatus.COUNTED],
            "bad": statuses[BallotStatus.INVALID], "dup": statuses[BallotStatus.DUPLICATE]},
    ]
    for contest in result.contests:
        title = contests[contest.id].title if contest.id in contests else contest.id
        if isinstance(contest, ElectionResult):
            lines += _election_lines(title, contest)
        elif isinstance(contest, MotionResult):
            outcome = motion_outcome(result.quorum_met, contest, matter_of(contests.get(contest.id)))
            lines.append(_("%(title)s：%(verdict)s。") % {"title": title, "verdict": MOTION_LABELS[outcome]})
    lines.append(_("冻结名册 SHA-256：%(roster)s；选票文件 SHA-256：%(ballots)s；留痕记录链头：%(head)s。"
                   "计票文件（房号已化名、面积不变）可向换届改选小组索取，任何人可用 huanjie tally 复核。") % {
        "roster": assembly.roster_sha256, "ballots": stored.ballots_sha256, "head": chain_head()})
    if final:
        lines += _closing_lines(result)
    else:
        lines.append(_("公示期内业主对选举结果如有异议，请实名书面向换届改选小组提出，或登录后在网上提出；"
                       "公示期满、异议答复后发布选举结果公告。"))
    return "\n".join(str(line) for line in lines)


def _closing_lines(result: Result) -> list[str]:
    """The announcement's last words: the new committee convenes only if anybody was elected."""
    lines = [_("依据《上海市住宅物业管理规定》第二十一条，现予公告。")]
    if anyone_elected(result):
        lines.append(_("新一届业主委员会应于选举产生之日起七日内召开首次会议，选举主任、副主任。"))
    elif has_election(result):
        lines.append(_("本次选举无人当选，新一届业主委员会未能产生。换届改选小组将向街道办事处报告，另行组织选举；"
                       "原业主委员会在新一届业主委员会产生前继续履行职责。") if result.quorum_met else
                     _("本次表决未达到法定参与比例，无人当选，新一届业主委员会未能产生。换届改选小组将向街道办事处报告，"
                       "另行组织表决；原业主委员会在新一届业主委员会产生前继续履行职责。"))
    return lines


def _election_lines(title: str, contest: ElectionResult) -> list[str]:
    lines = [_("%(title)s：应选 %(seats)s 人，当选 %(n)s 人：%(names)s（按同意人数排名，人数相同的按面积）。") % {
        "title": title, "seats": contest.seats, "n": len(contest.elected), "names": "、".join(contest.elected) or "—"}]
    if contest.tied:
        lines.append(_("%(names)s 同意人数和面积完全相同，争最后名额，须另行表决。") % {
            "names": "、".join(contest.tied)})
    if contest.vacancies:
        lines.append(_("空缺 %(n)s 名，须另行选举。") % {"n": contest.vacancies})
    waiting = alternates(contest)
    if waiting:
        lines.append(_("得票过半数而未当选的：%(names)s，议事规则有规定的，依次为候补委员。") % {
            "names": "、".join(waiting)})
    return lines


def results_table(assembly: Assembly, result: Result) -> dict[str, Any]:
    """Per candidate and per motion answer: headcount and area, with shares of those participating,
    and the outcome in the law's words (a count short of the quorum decided nothing: no "未过半数")."""
    contests = {c.spec_id: c for c in Contest.objects.filter(assembly=assembly)}
    part = result.participating
    rows: list[list[str]] = []
    for contest in result.contests:
        title = contests[contest.id].title if contest.id in contests else contest.id
        matter = matter_of(contests.get(contest.id))
        if isinstance(contest, ElectionResult):
            for c in contest.candidates:
                outcome = CANDIDATE_LABELS[candidate_outcome(result.quorum_met, contest, c, matter)]
                rows.append([title, c.name, str(c.support.headcount), percent(c.support.headcount, part.headcount),
                             f"{c.support.area:.2f}", percent(c.support.area, part.area), str(outcome)])
        elif isinstance(contest, MotionResult):
            verdict = str(MOTION_LABELS[motion_outcome(result.quorum_met, contest, matter)])
            for label, totals in ((_("同意"), contest.yes), (_("反对"), contest.no), (_("弃权"), contest.abstain)):
                rows.append([title, str(label), str(totals.headcount), percent(totals.headcount, part.headcount),
                             f"{totals.area:.2f}", percent(totals.area, part.area),
                             verdict if label == _("同意") else ""])
    return {"columns": [str(c) for c in (_("事项"), _("候选人 / 意见"), _("人数"), _("占参与人数"), _("面积（㎡）"),
                                         _("占参与面积"), _("结果"))], "rows": rows}
