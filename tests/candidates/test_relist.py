from __future__ import annotations

import pytest
from django.utils import timezone

from huanjie.candidates.errors import CandidateNoticeExists
from huanjie.candidates.services import slate
from huanjie.notices import services as notices
from huanjie.notices.errors import NoticeWithdrawn


def test_a_withdrawn_candidate_list_is_replaced_and_blocks_the_final_list_until_then(round_, listed, alice):
    with pytest.raises(CandidateNoticeExists):
        slate.draft_candidate_notice(recruitment=round_, actor=alice)
    first = round_.candidate_notice
    notices.withdraw_notice(notice=first, reason="候选人职业填写有误", actor=alice)
    round_.refresh_from_db()
    with pytest.raises(NoticeWithdrawn):
        slate.publish_final_list(recruitment=round_, actor=alice, today=timezone.localdate())
    second = slate.draft_candidate_notice(recruitment=round_, actor=alice)
    round_.refresh_from_db()
    assert round_.candidate_notice == second and second.pk != first.pk
