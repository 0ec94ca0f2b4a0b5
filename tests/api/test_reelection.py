from __future__ import annotations

from datetime import date

from huanjie.reelection.models import Reelection, StageProgress
from huanjie.rules.timeline import Stage


def test_it_gives_the_stages_with_their_statutory_dates(alice_client, wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage=Stage.REPORT.value,
                                 done_on=date(2026, 10, 20))

    body = alice_client.get(f"/api/communities/{wuyuehua.slug}/reelection").json()

    assert (body["term_number"], body["term_end"], body["assembly_date"]) == (2, "2027-03-29", None)
    assert body["stages"][0] | {"label": "", "basis": ""} == {
        "key": "report", "label": "", "due": "2026-10-29", "basis": "", "done_on": "2026-10-20",
        "overdue": False, "is_next": False}
    assert [stage["key"] for stage in body["stages"] if stage["is_next"]] == [Stage.WORKING_GROUP.value]
    assert body["stages"][0]["basis"] == "《上海市住宅物业管理规定》第二十八条"  # issue 15, finding 9


def test_a_community_without_a_reelection_answers_404(alice_client, wuyuehua):
    response = alice_client.get(f"/api/communities/{wuyuehua.slug}/reelection")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
