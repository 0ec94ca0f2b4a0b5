"""Acting on decisions of the notice engine about candidates it listed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from huanjie.candidates.models import Candidate, Recruitment
from huanjie.candidates.services.nominations import ensure_nominations_closed
from huanjie.candidates.services.slate import withdraw_candidate
from huanjie.notices.models import Notice, NoticeKind, Objection, ObjectionStatus
from huanjie.notices.signals import objection_decided, publishing


@receiver(objection_decided)
def withdraw_after_upheld_objection(sender: Any, *, objection: Objection, actor: Any, now: datetime | None = None,
                                    **kwargs: Any) -> None:
    """An upheld objection to a listed candidate withdraws the candidate, with the answer as the reason."""
    if objection.status != ObjectionStatus.UPHELD or objection.subject_type is None:
        return
    if objection.subject_type.model_class() is not Candidate:
        return
    candidate = Candidate.objects.get(pk=objection.subject_id, community_id=objection.community_id)
    withdraw_candidate(candidate=candidate, actor=actor, now=now,
                       reason=_("公示期内异议成立：%(answer)s") % {"answer": objection.answer})


@receiver(publishing)
def no_candidate_list_while_nominations_are_open(sender: Any, *, notice: Notice, today: date, **kwargs: Any) -> None:
    """SH art. 21: the candidate list 公示 goes up only once owners can no longer be nominated."""
    if notice.kind != NoticeKind.CANDIDATE_LIST:
        return
    recruitment = Recruitment.objects.filter(candidate_notice=notice).select_related("call_notice").first()
    if recruitment is not None:
        ensure_nominations_closed(recruitment, today=today, action=_("公示候选人名单"))
