"""Read queries of the candidates part, always within one community; panel results via huanjie.rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from fractions import Fraction
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.selectors import owner_unit_ids
from huanjie.candidates.models import (
    Assignment,
    Candidate,
    CandidateStatus,
    Criterion,
    Meeting,
    MeetingAnswer,
    MeetingQuestion,
    MeetingStatus,
    Nomination,
    NominationStatus,
    Panelist,
    Recruitment,
    ScoreSheet,
)
from huanjie.reelection.models import Reelection
from huanjie.reelection.selectors import current_reelection
from huanjie.roster.models import Community, Ownership
from huanjie.rules import panel as rules
from huanjie.rules.panel import Shortfall, SlateMember, format_score, shortfalls, slate_counts

SLATE_STATES = (CandidateStatus.SHORTLISTED, CandidateStatus.FINAL)
TARGET_LABELS = {"seats": gettext_lazy("候选人数（名额）"), "skill:finance": gettext_lazy("财务专业人士"),
                 "skill:law": gettext_lazy("法律专业人士"), "buildings": gettext_lazy("覆盖楼栋数"),
                 "gender:female": gettext_lazy("女性"), "gender:male": gettext_lazy("男性")}


def recruitment_for(community: Community) -> Recruitment | None:
    reelection = current_reelection(community.pk)
    if reelection is None:
        return None
    return Recruitment.objects.filter(reelection=reelection).select_related("reelection__community").first()


def candidates_of(recruitment: Recruitment) -> QuerySet[Candidate]:
    return (Candidate.objects.filter(recruitment=recruitment)
            .select_related("nomination__owner", "nomination__unit__building"))


def final_candidates(reelection: Reelection) -> list[Candidate]:
    """The final candidate list the election uses (正式候选人), in nomination order."""
    return list(Candidate.objects.filter(recruitment__reelection=reelection, status=CandidateStatus.FINAL)
                .select_related("nomination__owner", "nomination__unit__building"))


@dataclass(frozen=True)
class FinalList:
    """The confirmed final candidate list (正式候选人名单): names in ballot order, and the day it was confirmed."""

    names: tuple[str, ...]
    decided_on: date


def final_list_for(reelection: Reelection | None) -> FinalList | None:
    """The final list an election contest of this re-election takes, or None while none is confirmed.

    Ballot order is the candidates app's order of the final list: nomination order, as the
    召开业主大会公告 numbers them (notices.drafts via `final_candidates`).
    """
    if reelection is None:
        return None
    recruitment = Recruitment.objects.filter(reelection=reelection).only("final_list_on").first()
    if recruitment is None or recruitment.final_list_on is None:
        return None
    return FinalList(tuple(c.name for c in final_candidates(reelection)), recruitment.final_list_on)


@dataclass(frozen=True)
class ListDifference:
    """One way a list of names departs from the final list: added, missing, misspelt, or reordered."""

    kind: Literal["added", "missing", "misspelt", "order"]
    entered: str = ""
    listed: str = ""

    def __str__(self) -> str:
        names = {"entered": self.entered, "listed": self.listed}
        return {
            "added": _("“%(entered)s”不在正式候选人名单上"),
            "missing": _("正式候选人“%(listed)s”没有填入"),
            "misspelt": _("“%(entered)s”与正式候选人“%(listed)s”不一致，是否写错"),
            "order": _("顺序与正式候选人名单不同，名单顺序为：%(listed)s"),
        }[self.kind] % names


# Two names this alike are taken for one name misspelt (王莉娟 / 王丽娟: 0.67; 张三 / 李四: 0).
MISSPELT_RATIO = 0.5


def compare_with_final_list(entered: Sequence[str], final: Sequence[str]) -> list[ListDifference]:
    """How the names entered for an election contest differ from the final candidate list.

    A name entered but not listed that resembles a listed name not entered counts as that name
    misspelt; the rest are added or missing. Only when the same names are there does the order
    count. Repeated names are left to the contest's own check.
    """
    extra = [name for name in entered if name not in final]
    missing = [name for name in final if name not in entered]
    found: list[ListDifference] = []
    for name in extra:
        ratios = [(SequenceMatcher(None, name, listed).ratio(), -n, listed) for n, listed in enumerate(missing)]
        best = max(ratios, default=None)
        if best is not None and best[0] >= MISSPELT_RATIO:
            missing.remove(best[2])
            found.append(ListDifference("misspelt", entered=name, listed=best[2]))
        else:
            found.append(ListDifference("added", entered=name))
    found += [ListDifference("missing", listed=name) for name in missing]
    if not found and sorted(entered) == sorted(final) and list(entered) != list(final):
        found.append(ListDifference("order", listed="、".join(final)))
    return found


def rubric(recruitment_id: int) -> list[rules.Criterion]:
    return [rules.Criterion(str(c.pk), c.max_points, Fraction(c.weight))
            for c in Criterion.objects.filter(recruitment_id=recruitment_id)]


def sheet_score(sheet: ScoreSheet, criteria: list[rules.Criterion]) -> Fraction:
    return rules.sheet_score({str(s.criterion_id): s.points for s in sheet.scores.all()}, criteria)


@dataclass(frozen=True)
class PanelResult:
    expected: int       # assigned panelists without a declared conflict
    submitted: int
    sheets: list[tuple[ScoreSheet, Fraction]]
    aggregate: rules.Aggregate | None
    recommended: bool | None
    reason: str

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.submitted == self.expected


def panel_result(candidate: Candidate) -> PanelResult | None:
    """The panel's view of one candidate, per huanjie.rules.panel (mean; trimmed mean from 5 sheets)."""
    assignments = list(candidate.assignments.select_related("panelist__user")
                       .prefetch_related(Prefetch("sheet__scores")))
    if not assignments:
        return None
    expected = [a for a in assignments if not a.conflict_declared]
    sheets = [a.sheet for a in expected if hasattr(a, "sheet")]
    recruitment = Recruitment.objects.get(pk=candidate.recruitment_id)
    criteria = rubric(recruitment.pk)
    scored = [(sheet, sheet_score(sheet, criteria)) for sheet in sheets]
    if not scored:
        return PanelResult(len(expected), 0, [], None, None, "")
    result = rules.aggregate([s for _sheet, s in scored], spread_limit=Fraction(recruitment.spread_limit))
    pass_mark = Fraction(recruitment.pass_mark)
    recommended = rules.recommended(result, pass_mark=pass_mark)
    return PanelResult(len(expected), len(scored), scored, result, recommended,
                       recommendation_reason(result, recommended, pass_mark))


def recommendation_reason(result: rules.Aggregate, recommended: bool, pass_mark: Fraction) -> str:
    if result.trimmed_mean is not None:
        how = _("评审团 %(n)s 人评分，去掉一个最高分和一个最低分后平均 %(score)s 分（满分 100）") % {
            "n": result.sheets, "score": format_score(result.score)}
    else:
        how = _("评审团 %(n)s 人评分，平均 %(score)s 分（满分 100）") % {
            "n": result.sheets, "score": format_score(result.score)}
    verdict = _("不低于推荐分数线 %(mark)s 分，推荐列入候选人名单") if recommended else \
        _("低于推荐分数线 %(mark)s 分，不推荐")
    text = f"{how}，{verdict % {'mark': format_score(pass_mark)}}。"
    if result.disagreement:
        text += _("评分分歧较大（最高与最低相差 %(spread)s 分），请工作小组听取评审团意见后决定。") % {
            "spread": format_score(result.spread)}
    return text


def assignments_for(user: AbstractBaseUser | AnonymousUser, community: Community) -> QuerySet[Assignment]:
    """A panelist sees only the candidates assigned to them."""
    return (Assignment.objects.filter(community=community, panelist__user_id=user.pk)
            .select_related("candidate__nomination__owner", "candidate__nomination__unit__building")
            .order_by("candidate__interview_at", "candidate__pk"))


def others_sheets(assignment: Assignment) -> list[tuple[ScoreSheet, Fraction]] | None:
    """Everyone's sheets for the candidate — only once this panelist has scored and the panel is complete."""
    if not hasattr(assignment, "sheet") and not assignment.conflict_declared:
        return None
    result = panel_result(assignment.candidate)
    if result is None or not result.complete:
        return None
    return result.sheets


def panel_shortfalls(recruitment: Recruitment) -> tuple[Shortfall, ...]:
    have: dict[str, int] = {}
    for affiliation in Panelist.objects.filter(recruitment=recruitment).values_list("affiliation", flat=True):
        have[affiliation] = have.get(affiliation, 0) + 1
    return shortfalls(have, {"street": recruitment.target_street, "legal_expert": recruitment.target_legal_expert,
                             "owner_rep": recruitment.target_owner_rep})


def slate_members(recruitment: Recruitment) -> list[SlateMember]:
    return [SlateMember(building=c.nomination.unit.building.name if c.nomination.unit.building else "",
                        gender=c.nomination.gender, skills=frozenset(c.nomination.skills))
            for c in candidates_of(recruitment).filter(status__in=SLATE_STATES)]


def slate_shortfalls(recruitment: Recruitment) -> tuple[dict[str, int], tuple[Shortfall, ...]]:
    """The slate against the working group's targets (advisory: the working group decides)."""
    counts = slate_counts(slate_members(recruitment))
    targets = {"seats": recruitment.seats, "skill:finance": recruitment.target_finance,
               "skill:law": recruitment.target_law, "buildings": recruitment.target_buildings,
               "gender:female": recruitment.target_each_gender, "gender:male": recruitment.target_each_gender}
    return counts, shortfalls(counts, targets)


def nominations_of_owner(user: AbstractBaseUser | AnonymousUser, community: Community) -> QuerySet[Nomination]:
    """Nominations of the owners of the units this user signed in for (the candidate reads their reasons)."""
    owners = Ownership.objects.filter(unit_id__in=owner_unit_ids(user, community)).values("owner_id")
    return (Nomination.objects.filter(community=community, owner_id__in=owners)
            .select_related("candidate", "owner", "unit"))


def meeting_candidates(meeting: Meeting) -> list[Candidate]:
    """The candidates the meeting is for: those on the candidate list (and later the final list)."""
    return list(candidates_of(meeting.recruitment).filter(status__in=SLATE_STATES))


def meetings_of(recruitment: Recruitment) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(recruitment=recruitment).select_related("notice")
            .annotate(signed_in=Count("attendees", distinct=True), asked=Count("questions", distinct=True)))


def owners_meeting(community: Community) -> Meeting | None:
    """The meeting an owner sees on their phone: the next one not yet held, else the last held."""
    found = recruitment_for(community)
    if found is None:
        return None
    meetings = Meeting.objects.filter(recruitment=found).select_related("recruitment__reelection")
    upcoming = meetings.filter(status=MeetingStatus.SCHEDULED).order_by("starts_at").first()
    return upcoming or meetings.order_by("-starts_at").first()


def questions_of(meeting: Meeting) -> QuerySet[MeetingQuestion]:
    return (meeting.questions.select_related("unit__building", "to_candidate__nomination__owner")
            .prefetch_related(Prefetch("answers", queryset=MeetingAnswer.objects.select_related(
                "candidate__nomination__owner"))))


def attendance_by_building(meeting: Meeting) -> list[tuple[str, int]]:
    """Signed-in households per building, in the roster's building order."""
    rows = (meeting.attendees.values_list("unit__building__name", "unit__building__sort_key")
            .annotate(n=Count("pk")).order_by("unit__building__sort_key", "unit__building__name"))
    return [(name or "—", n) for name, _sort, n in rows]


def open_joint_nominations(community: Community) -> QuerySet[Nomination]:
    """Joint recommendations still collecting co-signers, for owners to find on their phone."""
    found = recruitment_for(community)
    if found is None:
        return Nomination.objects.none()
    return (Nomination.objects.filter(recruitment=found, status=NominationStatus.COLLECTING)
            .select_related("owner", "unit__building", "recruitment").annotate(signed=Count("supporters")))
