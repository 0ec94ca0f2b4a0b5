"""人选台账: one row per person nominated, read from huanjie.candidates — source, eligibility,
interview score, status with its reason — and the slate's composition against the targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from huanjie.candidates.models import Candidate, EligibilityCheck, Recruitment, Skill, condition_label
from huanjie.candidates.selectors import candidates_of, slate_shortfalls
from huanjie.ledgers.export import workbook
from huanjie.roster.models import Community


@dataclass(frozen=True)
class CandidateRow:
    number: int
    name: str
    unit: str
    building: str
    method: str
    channel: str
    profile: str  # gender, age band, occupation, party member, skills
    eligibility: str  # "符合全部 N 项条件", or the conditions not met, or "尚未审查"
    eligible_ok: bool | None
    panel_score: Decimal | None
    recommended: bool | None
    status: str
    status_key: str
    reason: str


def _eligibility(recruitment: Recruitment, checks: list[EligibilityCheck]) -> tuple[str, bool | None]:
    if not checks:
        return _("尚未审查"), None
    failed = [condition_label(recruitment, c.condition) for c in checks if not c.met]
    if failed:
        return _("不符合：") + "；".join(failed), False
    return _("已核对 %(n)s 项，均符合") % {"n": len(checks)}, True


def _profile(candidate: Candidate) -> str:
    nomination = candidate.nomination
    skills = dict(Skill.choices)
    parts = [nomination.get_gender_display(), nomination.get_age_band_display(), nomination.occupation]
    if nomination.party_member:
        parts.append(_("中共党员"))
    parts += [str(skills.get(s, s)) for s in nomination.skills]
    return "、".join(p for p in parts if p)


def candidate_rows(recruitment: Recruitment) -> list[CandidateRow]:
    """Every candidate of the recruitment in nomination order, in three queries."""
    rows = []
    queryset = candidates_of(recruitment).prefetch_related(
        Prefetch("checks", queryset=EligibilityCheck.objects.order_by("pk")))
    for number, candidate in enumerate(queryset, start=1):
        nomination = candidate.nomination
        eligibility, ok = _eligibility(candidate.recruitment, list(candidate.checks.all()))
        rows.append(CandidateRow(
            number=number, name=candidate.name, unit=nomination.unit.code,
            building=nomination.unit.building.name if nomination.unit.building else "",
            method=nomination.get_method_display(), channel=nomination.get_channel_display(),
            profile=_profile(candidate), eligibility=eligibility, eligible_ok=ok,
            panel_score=candidate.panel_score, recommended=candidate.panel_recommended,
            status=candidate.get_status_display(), status_key=candidate.status,
            reason=candidate.status_reason or candidate.panel_reason,
        ))
    return rows


TARGET_LABELS = {"seats": _lazy("委员名额"), "skill:finance": _lazy("财务专业"), "skill:law": _lazy("法律专业"),
                 "buildings": _lazy("来自不同楼栋"), "gender:female": _lazy("女性"), "gender:male": _lazy("男性")}


@dataclass(frozen=True)
class SlateLine:
    label: str
    have: int
    need: int

    @property
    def short(self) -> bool:
        return self.have < self.need


def slate_lines(recruitment: Recruitment) -> list[SlateLine]:
    """The slate (shortlisted and final candidates) against each of the working group's targets."""
    counts, _shortfalls = slate_shortfalls(recruitment)
    targets = {"seats": recruitment.seats, "skill:finance": recruitment.target_finance,
               "skill:law": recruitment.target_law, "buildings": recruitment.target_buildings,
               "gender:female": recruitment.target_each_gender, "gender:male": recruitment.target_each_gender}
    return [SlateLine(str(TARGET_LABELS[key]), counts.get(key, 0), need) for key, need in targets.items()]


COLUMNS = [
    (_lazy("序号"), 6), (_lazy("姓名"), 10), (_lazy("楼栋"), 10), (_lazy("房号"), 10), (_lazy("提名方式"), 14),
    (_lazy("来源渠道"), 12), (_lazy("基本情况"), 36), (_lazy("资格审查"), 36), (_lazy("面试得分"), 10),
    (_lazy("评审团推荐"), 10), (_lazy("状态"), 20), (_lazy("理由或意见"), 40),
]


def candidate_workbook(community: Community, rows: list[CandidateRow], *, today: object) -> bytes:
    title = _("%(name)s 人选台账（导出日期：%(day)s）") % {"name": community.name, "day": str(today)}
    yes, no = _("推荐"), _("不推荐")
    return workbook(_("人选台账"), title, COLUMNS, (
        [r.number, r.name, r.building, r.unit, r.method, r.channel, r.profile, r.eligibility, r.panel_score,
         "" if r.recommended is None else yes if r.recommended else no, r.status, r.reason]
        for r in rows))
