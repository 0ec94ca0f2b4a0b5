"""The slate: the working group's decision after the panel, the candidate notice, the final list."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.candidates.errors import (
    CandidateNoticeExists,
    CandidateNoticeMissing,
    DecisionNeedsReason,
    FinalListPublished,
    NoCandidates,
    PanelNotComplete,
    ReasonRequired,
    SlateContested,
    SlateDecisionMissing,
    UndecidedCandidates,
    WrongCandidateState,
)
from huanjie.candidates.models import Candidate, CandidateStatus, Recruitment, Skill
from huanjie.candidates.selectors import candidates_of, panel_result
from huanjie.candidates.services.nominations import ensure_nominations_closed, ensure_not_official
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind
from huanjie.rules.committee import contested, slate_decision_needed

Actor = AbstractBaseUser | None
CANDIDATE_NOTICE_DAYS = 7


def _set_status(candidate: Candidate, status: str, reason: str, actor: Actor, code: str,
                now: datetime | None = None) -> Candidate:
    before = {"status": candidate.status, "reason": candidate.status_reason}
    candidate.status, candidate.status_reason = status, reason
    candidate.decided_by, candidate.decided_at = actor, now or timezone.now()
    candidate.save(update_fields=["status", "status_reason", "decided_by", "decided_at"])
    audit.record(code, actor=actor, target=candidate, data={"before": before,
                                                            "after": {"status": status, "reason": reason}})
    return candidate


@transaction.atomic
def decide_shortlist(*, candidate: Candidate, shortlist: bool, reason: str, actor: Actor,
                     now: datetime | None = None) -> Candidate:
    """The working group decides after the panel; excluding, or departing from the panel, needs a reason."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != CandidateStatus.ELIGIBLE:
        raise WrongCandidateState(name=candidate.name, status=candidate.get_status_display(),
                                  action=_("作列入名单的决定"))
    result = panel_result(candidate)
    if result is None or not result.complete:
        raise PanelNotComplete(name=candidate.name, done=result.submitted if result else 0,
                               total=result.expected if result else 0)
    if shortlist != result.recommended and not reason.strip():
        raise DecisionNeedsReason()
    if not shortlist and not reason.strip():
        raise ReasonRequired()
    if shortlist:
        ensure_not_official(candidate.recruitment, [candidate.nomination.owner])
    status = CandidateStatus.SHORTLISTED if shortlist else CandidateStatus.NOT_SHORTLISTED
    return _set_status(candidate, status, reason.strip(), actor, "candidates.shortlist.decided", now)


@transaction.atomic
def withdraw_candidate(*, candidate: Candidate, reason: str, actor: Actor,
                       now: datetime | None = None) -> Candidate:
    """A candidate withdraws, or is withdrawn after an upheld objection; the reason is told to them."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status in (CandidateStatus.WITHDRAWN, CandidateStatus.INELIGIBLE, CandidateStatus.NOT_SHORTLISTED):
        raise WrongCandidateState(name=candidate.name, status=candidate.get_status_display(), action=_("撤回"))
    if not reason.strip():
        raise ReasonRequired()
    return _set_status(candidate, CandidateStatus.WITHDRAWN, reason.strip(), actor, "candidates.withdrawn", now)


def listed_count(recruitment: Recruitment) -> int:
    """The candidates on the slate: shortlisted for the notice, or on the final list."""
    return candidates_of(recruitment).filter(
        status__in=(CandidateStatus.SHORTLISTED, CandidateStatus.FINAL)).count()


def ensure_slate_decided(recruitment: Recruitment, candidates: int, *, action: str) -> None:
    """差额 or the working group's explicit decision for exactly this number (rules.committee.slate_decision_needed)."""
    if slate_decision_needed(candidates, recruitment.seats, decided_for=recruitment.uncontested_for):
        raise SlateDecisionMissing(n=candidates, seats=recruitment.seats, action=action)


def slate_statement(recruitment: Recruitment, candidates: int) -> str:
    """The sentence the candidate notice and the meeting notice print about 差额 or the decision not to have it."""
    if contested(candidates, recruitment.seats):
        return _("候选人 %(n)s 名，应选委员 %(seats)s 名，实行差额选举。") % {"n": candidates,
                                                                      "seats": recruitment.seats}
    decided = recruitment.uncontested_on.isoformat() if recruitment.uncontested_on else ""
    return _("候选人 %(n)s 名，应选委员 %(seats)s 名，候选人数不多于应选名额。换届改选小组于 %(day)s 决定按此名单选举，"
             "理由：%(reason)s") % {"n": candidates, "seats": recruitment.seats, "day": decided,
                                  "reason": recruitment.uncontested_reason}


@transaction.atomic
def decide_uncontested(*, recruitment: Recruitment, reason: str, actor: Actor, today: date | None = None
                       ) -> Recruitment:
    """The working group decides, with its reason, to elect from no more candidates than seats (等额或不足额)."""
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    candidates = listed_count(recruitment)
    if contested(candidates, recruitment.seats):
        raise SlateContested(n=candidates, seats=recruitment.seats)
    if not reason.strip():
        raise ReasonRequired()
    before = {"candidates": recruitment.uncontested_for, "reason": recruitment.uncontested_reason}
    recruitment.uncontested_for, recruitment.uncontested_reason = candidates, reason.strip()
    recruitment.uncontested_by, recruitment.uncontested_on = actor, today or timezone.localdate()
    recruitment.save(update_fields=["uncontested_for", "uncontested_reason", "uncontested_by", "uncontested_on"])
    audit.record("candidates.slate.uncontested", actor=actor, target=recruitment, data={
        "before": before, "after": {"candidates": candidates, "seats": recruitment.seats,
                                    "reason": recruitment.uncontested_reason}})
    return recruitment


def notice_table(candidates: list[Candidate]) -> dict[str, object]:
    """The candidates' basic information for the public (SH art. 21), without phone or full unit number."""
    skills = dict(Skill.choices)
    rows = []
    for n, c in enumerate(candidates, start=1):
        nom = c.nomination
        rows.append([str(n), c.name, nom.get_gender_display(), nom.get_age_band_display(),
                     nom.unit.building.name if nom.unit.building else "", nom.occupation,
                     _("是") if nom.party_member else _("否"), "、".join(str(skills.get(s, s)) for s in nom.skills)])
    return {
        "columns": [_("序号"), _("姓名"), _("性别"), _("年龄段"), _("楼栋"), _("职业"), _("中共党员"), _("专业特长")],
        "rows": rows,
        "subjects": [{"type": "candidates.candidate", "id": c.pk, "label": c.name} for c in candidates],
    }


@transaction.atomic
def draft_candidate_notice(*, recruitment: Recruitment, actor: Actor,
                           period_days: int = CANDIDATE_NOTICE_DAYS, today: date | None = None) -> Notice:
    """候选人名单公示: after the nomination period (SH art. 21), every nominee decided, the shortlisted listed.

    If the earlier list was withdrawn, a new one replaces it and its period starts afresh.
    `today` defaults to the local date: the nomination period is checked against it.
    """
    recruitment = Recruitment.objects.select_for_update(of=("self",)) \
        .select_related("reelection__community", "call_notice").get(pk=recruitment.pk)
    ensure_nominations_closed(recruitment, today=today or timezone.localdate(), action=_("公示候选人名单"))
    earlier = recruitment.candidate_notice
    # A withdrawn list is replaced by a new one (the withdrawn notice stays on record with its reason).
    if earlier is not None and not earlier.is_withdrawn:
        raise CandidateNoticeExists(title=str(earlier))
    everyone = list(candidates_of(recruitment))
    undecided = [c for c in everyone if c.status in (CandidateStatus.NOMINATED, CandidateStatus.ELIGIBLE)]
    if undecided:
        raise UndecidedCandidates(count=len(undecided), names="、".join(c.name for c in undecided[:10]))
    listed = [c for c in everyone if c.status == CandidateStatus.SHORTLISTED]
    if not listed:
        raise NoCandidates()
    ensure_slate_decided(recruitment, len(listed), action=_("公示候选人名单"))
    ensure_not_official(recruitment, [c.nomination.owner for c in listed])
    community = recruitment.reelection.community
    body = "\n".join([
        _("经公开征集、资格审查和评审团面试评审，换届改选小组确定第%(term)s届业主委员会委员候选人 %(n)s 名，"
          "现将候选人基本情况公示如下。") % {"term": recruitment.reelection.term_number, "n": len(listed)},
        slate_statement(recruitment, len(listed)),
        _("业主对候选人如有异议，请在公示期内实名提出并附相关材料；换届改选小组将调查核实并答复。"),
    ])
    notice = notices.create_notice(
        community=community, reelection=recruitment.reelection, kind=NoticeKind.CANDIDATE_LIST,
        title=_("第%(term)s届业主委员会委员候选人名单公示") % {"term": recruitment.reelection.term_number},
        body=body, issuer=_("%(name)s业主委员会换届改选小组") % {"name": community.name},
        period_days=period_days, actor=actor, table=notice_table(listed))
    recruitment.candidate_notice = notice
    recruitment.save(update_fields=["candidate_notice"])
    audit.record("candidates.candidate_notice.drafted", actor=actor, target=recruitment,
                 data={"before": {"notice": earlier.pk if earlier else None},
                       "after": {"notice": notice.pk, "candidates": [c.pk for c in listed]}})
    return notice


@transaction.atomic
def publish_final_list(*, recruitment: Recruitment, actor: Actor, today: date,
                       now: datetime | None = None) -> list[Candidate]:
    """After the candidate notice's period, with every objection answered: the final candidate list
    (decided at `now`, on `today`; the current time unless given)."""
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    if recruitment.final_list_on is not None:
        raise FinalListPublished(day=recruitment.final_list_on.isoformat())
    notice = recruitment.candidate_notice
    if notice is None:
        raise CandidateNoticeMissing()
    ensure_nominations_closed(recruitment, today=today, action=_("确定正式候选人名单"))
    notices.ensure_next_step_may_start(notice=notice, today=today)
    listed = list(candidates_of(recruitment).filter(status=CandidateStatus.SHORTLISTED))
    if not listed:
        raise NoCandidates()
    ensure_slate_decided(recruitment, len(listed), action=_("确定正式候选人名单"))
    ensure_not_official(recruitment, [c.nomination.owner for c in listed])
    for candidate in listed:
        _set_status(candidate, CandidateStatus.FINAL, "", actor, "candidates.final", now)
    recruitment.final_list_on, recruitment.final_list_by = today, actor
    recruitment.save(update_fields=["final_list_on", "final_list_by"])
    audit.record("candidates.final_list.published", actor=actor, target=recruitment,
                 data={"after": {"day": today.isoformat(), "candidates": [c.pk for c in listed]}})
    return listed
