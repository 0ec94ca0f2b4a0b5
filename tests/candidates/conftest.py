"""A re-election of 五月花 with its recruitment open, and helpers to walk a nominee through review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huanjie.accounts.models import Role
from huanjie.candidates.models import Affiliation, Candidate, NominationMethod, SourceChannel
from huanjie.candidates.services import eligibility, nominations, panel, recruitment
from huanjie.candidates.services.nominations import Profile
from huanjie.demo import files
from huanjie.reelection.models import Reelection
from huanjie.rules.eligibility import required_conditions
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reelection(wuyuehua):  # type: ignore[no-untyped-def]
    return Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))


@pytest.fixture
def round_(reelection, alice):  # type: ignore[no-untyped-def]
    found = recruitment.start_recruitment(reelection=reelection, actor=alice)
    return recruitment.update_settings(recruitment=found, values={"joint_minimum": 2}, actor=alice)


PROFILE = Profile(gender="female", age_band="36-50", occupation="会计师", party_member=True, skills=["finance"],
                  time_available="evenings", statement="愿意把小区的账目管清楚。")


def nominate(round_, code, actor, *, method=NominationMethod.SELF, supporters=(), profile=PROFILE):  # type: ignore[no-untyped-def]
    unit = round_.community.units.get(code=code)
    return nominations.nominate(recruitment=round_, owner=unit.owners.get(), unit=unit, method=method,
                                channel=SourceChannel.PAPER_FORM, profile=profile, consent=True, actor=actor,
                                supporters=list(supporters))


def pledge() -> SimpleUploadedFile:
    return SimpleUploadedFile("承诺书.pdf", files.pdf("signed pledge"), content_type="application/pdf")


def make_eligible(candidate: Candidate, actor) -> Candidate:  # type: ignore[no-untyped-def]
    for condition in required_conditions(len(candidate.recruitment.extra_conditions)):
        if condition == "owner":
            continue
        eligibility.record_check(candidate=candidate, condition=condition, met=True, evidence="已核实", reason="",
                                 actor=actor, evidence_file=pledge() if condition == "pledge" else None)
    candidate.refresh_from_db()
    return candidate


@pytest.fixture
def panelists(round_, wuyuehua, alice):  # type: ignore[no-untyped-def]
    affiliations = [Affiliation.STREET, Affiliation.LEGAL_EXPERT, Affiliation.OWNER_REP, Affiliation.OWNER_REP,
                    Affiliation.RESIDENTS_COMMITTEE]
    return [panel.add_panelist(recruitment=round_, user=make_user(f"p{i}", Role.PANELIST, community=wuyuehua),
                               affiliation=a, actor=alice) for i, a in enumerate(affiliations, start=1)]


def interviewed(candidate: Candidate) -> Candidate:
    """The candidate's interview was scheduled an hour ago: scores are taken from its start."""
    if candidate.interview_at is None:
        panel.schedule_interview(candidate=candidate, at=timezone.now() - timedelta(hours=1), place="居委会会议室",
                                 actor=None)
        candidate.refresh_from_db()
    return candidate


UNCONTESTED_REASON = "经公开征集，符合条件并经评审的报名人少于应选名额。"


def decide_uncontested(round_, actor):  # type: ignore[no-untyped-def]
    """The working group's decision to elect from no more candidates than seats (issue 16 §4), with its reason."""
    from huanjie.candidates.services import slate

    return slate.decide_uncontested(recruitment=round_, reason=UNCONTESTED_REASON, actor=actor)


# The call for candidates ran 2026-11-01 to 11-11: nominations are closed when a list is drafted.
CALL_PUBLISHED_ON = date(2026, 11, 1)


def close_nominations(round_, actor) -> None:  # type: ignore[no-untyped-def]
    """Publish the call for candidates with a period already over (SH art. 21: the list follows the nominations)."""
    from huanjie.notices import services as notices

    round_.refresh_from_db()
    if round_.call_notice_id is None:
        call = recruitment.draft_call_notice(recruitment=round_, actor=actor, days=10)
        notices.publish_notice(notice=call, actor=actor, today=CALL_PUBLISHED_ON)
        round_.refresh_from_db()


@pytest.fixture
def candidate(round_, alice):  # type: ignore[no-untyped-def]
    return interviewed(make_eligible(nominate(round_, "1-101", alice).candidate, alice))


def score_all(candidate, panelists, points_list):  # type: ignore[no-untyped-def]
    """Each panelist in turn submits (statement, plan, answers), after the interview began."""
    candidate = interviewed(candidate)
    criteria = list(candidate.recruitment.criteria.all())
    panel.assign_panel(candidate=candidate, panelists=panelists, actor=None)
    for member, points in zip(panelists, points_list, strict=True):
        assignment = candidate.assignments.get(panelist=member)
        panel.submit_scores(assignment=assignment, points={c.pk: p for c, p in zip(criteria, points, strict=True)},
                            comment="", actor=member.user)
    candidate.refresh_from_db()
    return candidate


GOOD = [(25, 32, 25)] * 5


@pytest.fixture
def listed(round_, panelists, alice):  # type: ignore[no-untyped-def]
    """Two candidates on a published candidate list (甲先生 1-101, 乙先生 1-102)."""

    from huanjie.candidates.services import slate
    from huanjie.notices import services as notices

    found = []
    for code in ("1-101", "1-102"):
        candidate = score_all(make_eligible(nominate(round_, code, alice).candidate, alice), panelists, GOOD)
        found.append(slate.decide_shortlist(candidate=candidate, shortlist=True, reason="", actor=alice))
    close_nominations(round_, alice)
    decide_uncontested(round_, alice)
    notice = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    notices.publish_notice(notice=notice, actor=alice, today=timezone.localdate())
    round_.refresh_from_db()
    return found
