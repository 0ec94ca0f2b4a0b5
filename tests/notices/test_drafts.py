from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from huanjie.candidates.models import Candidate, CandidateStatus, Nomination, Recruitment
from huanjie.charter.models import CharterDocument
from huanjie.notices import drafts, services
from huanjie.notices.errors import NoFinalCandidates, NoticeIncomplete, NoticeTooLate
from huanjie.notices.models import NoticeKind
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Ownership, Unit, UnitStatus
from tests.conftest import client_for

MEETING = date(2027, 1, 16)


@pytest.fixture
def reelection(wuyuehua):  # type: ignore[no-untyped-def]
    """五月花 plus a second flat of 甲先生 and two flats the developer has not sold."""
    building = wuyuehua.buildings.get()
    second = Unit.objects.create(community=wuyuehua, building=building, code="1-202", area=Decimal("70.00"))
    Ownership.objects.create(community=wuyuehua, unit=second, owner=wuyuehua.owners.get(name="甲先生"))
    for code in ("1-301", "1-302"):
        Unit.objects.create(community=wuyuehua, building=building, code=code, area=Decimal("90.00"),
                            status=UnitStatus.UNSOLD)
    return Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))


def plan(start: date = MEETING) -> drafts.AssemblyPlan:
    opens = timezone.make_aware(datetime(start.year, start.month, start.day, 8, 0))
    return drafts.AssemblyPlan(voting_from=opens, voting_until=opens + timedelta(days=1, hours=10),
                               place="小区会所一楼", form="书面征求意见（纸质表决票与网上投票相结合）",
                               agenda=("选举第2届业主委员会委员", "表决《业主大会议事规则》修订稿"))


def finalise(reelection, codes):  # type: ignore[no-untyped-def]
    """The final list, as the candidates part leaves it (its own tests walk the steps)."""
    round_ = Recruitment.objects.create(community=reelection.community, reelection=reelection, seats=5,
                                        uncontested_for=len(codes), uncontested_reason="报名人少于应选名额",
                                        uncontested_on=date(2026, 12, 1))
    for code in codes:
        unit = reelection.community.units.get(code=code)
        nomination = Nomination.objects.create(
            community=reelection.community, recruitment=round_, owner=unit.owners.get(), unit=unit, method="self",
            channel="online", gender="female", age_band="36-50", occupation="会计师", time_available="evenings",
            statement="愿意服务", consent_to_publish=True)
        Candidate.objects.create(community=reelection.community, recruitment=round_, nomination=nomination,
                                 status=CandidateStatus.FINAL)


def test_the_roster_notice_counts_heads_as_the_law_does(reelection, alice):
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text=drafts.default_rules_text(5, online=True),
                                        period_days=7, event_on=MEETING, actor=alice)
    assert notice.kind == NoticeKind.ROSTER_AND_RULES and notice.period_days == 7
    # 6 units; 甲先生's two flats are one head; the developer's two unsold flats are one head.
    assert "专有部分（房屋）6 套" in notice.body and "面积合计 523.75 平方米" in notice.body
    assert "应参与表决的业主人数为 4 人，专有部分面积为 523.75 平方米" in notice.body
    assert "建设单位尚未出售和已售未交付的房屋 2 套、面积 180.00 平方米" in notice.body
    assert "应选业主委员会委员 5 名" in notice.body and "2027年01月16日" in notice.body
    rows = notice.table["rows"]
    assert rows[0][1:] == ["甲*生", "1-101、1-202", "2", "158.50", "1 人"]
    assert rows[1][1:3] == ["建设单位（未出售及已售未交付）", "1-301、1-302"]
    assert "甲先生" not in str(notice.table)


def test_the_roster_notice_names_the_rules_of_procedure_and_whether_they_adopt_online_voting(reelection, alice):
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                        event_on=MEETING, actor=alice)
    assert "本次表决依据《业主大会议事规则》（2020年版，2020-06-01 通过）（首次业主大会通过）" in notice.body
    assert "网上表决已由首次业主大会第1项表决事项采用" in notice.body
    assert drafts.default_rules_text(5, online=drafts.online_voting_adopted(reelection.community_id)).startswith(
        "（一）表决方式：采用书面表决票与网上投票相结合的方式")


def test_without_rules_of_procedure_the_roster_notice_says_the_vote_is_on_paper_only(reelection, alice):
    CharterDocument.objects.filter(community=reelection.community).delete()
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                        event_on=MEETING, actor=alice)
    assert "本小区尚未登记业主大会议事规则：本次表决只使用书面表决票" in notice.body
    rules = drafts.default_rules_text(5, online=drafts.online_voting_adopted(reelection.community_id))
    assert "网上投票" not in rules and "未采用网上表决" in rules


def test_rules_that_do_not_adopt_online_voting_are_named_with_paper_only(reelection, alice):
    CharterDocument.objects.filter(community=reelection.community).update(online_voting=False,
                                                                          online_voting_decision="")
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                        event_on=MEETING, actor=alice)
    assert "该议事规则未采用网上表决，本次表决只使用书面表决票" in notice.body


def test_the_roster_notice_goes_up_at_least_15_days_before_the_meeting(reelection, alice, holidays_2027):
    notice = drafts.draft_roster_notice(reelection=reelection, rules_text="（一）书面表决", period_days=7,
                                        event_on=MEETING, actor=alice)
    with pytest.raises(NoticeTooLate) as raised:
        services.publish_notice(notice=notice, actor=alice, today=MEETING - timedelta(days=14))
    assert "2027-01-01" in str(raised.value)
    assert services.publish_notice(notice=notice, actor=alice, today=MEETING - timedelta(days=15)).is_published


def test_the_election_announcement_lists_the_final_candidates(reelection, alice):
    finalise(reelection, ["1-101", "1-102"])
    notice = drafts.draft_election_notice(reelection=reelection, meeting=plan(), actor=alice)
    assert notice.kind == NoticeKind.ELECTION and notice.event_on == MEETING
    for expected in ("2027年01月16日（星期六）", "小区会所一楼", "书面征求意见（纸质表决票与网上投票相结合）",
                     "1. 选举第2届业主委员会委员", "2. 表决《业主大会议事规则》修订稿", "正式候选人 2 名",
                     "应选委员 5 名", "2027年01月17日 18:00"):
        assert expected in notice.body, expected
    assert [row[1] for row in notice.table["rows"]] == ["甲先生", "乙先生"]


def test_no_election_announcement_without_a_final_list(reelection, alice):
    with pytest.raises(NoFinalCandidates):
        drafts.draft_election_notice(reelection=reelection, meeting=plan(), actor=alice)


@pytest.mark.parametrize("days_before, allowed", [(16, True), (15, True), (14, False)])
def test_the_election_announcement_is_published_at_least_15_days_before(reelection, alice, days_before, allowed):
    finalise(reelection, ["1-101"])
    notice = drafts.draft_election_notice(reelection=reelection, meeting=plan(), actor=alice)
    today = MEETING - timedelta(days=days_before)
    if allowed:
        assert services.publish_notice(notice=notice, actor=alice, today=today).is_published
    else:
        with pytest.raises(NoticeTooLate):
            services.publish_notice(notice=notice, actor=alice, today=today)


def test_an_election_announcement_without_a_meeting_date_is_incomplete(wuyuehua, alice):
    notice = services.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ELECTION, title="公告",
                                    body="定于…", issuer="小组", period_days=0, actor=alice)
    with pytest.raises(NoticeIncomplete) as raised:
        services.publish_notice(notice=notice, actor=alice, today=MEETING)
    assert "会议日期" in str(raised.value)


def test_alice_drafts_both_notices_from_the_notices_page(reelection, alice, wuyuehua):
    client = client_for(alice)
    page = client.get(f"/c/{wuyuehua.slug}/notices/").content.decode()
    assert "按数据生成公示" in page and "《民法典》第二百七十八条" in page
    response = client.post(f"/c/{wuyuehua.slug}/notices/draft/roster/", {
        "rules_text": "（一）书面表决。", "period_days": 7, "event_on": ""})
    roster = reelection.notices.get(kind=NoticeKind.ROSTER_AND_RULES)
    assert response["Location"] == f"/c/{wuyuehua.slug}/notices/{roster.pk}/"
    response = client.post(f"/c/{wuyuehua.slug}/notices/draft/election/", {
        "voting_from": "2027-01-16T08:00", "voting_until": "2027-01-17T18:00", "place": "会所",
        "form": "书面征求意见", "agenda": "选举委员"}, follow=True)
    assert "正式候选人名单尚未确定" in response.content.decode()
    finalise(reelection, ["1-102"])
    client.post(f"/c/{wuyuehua.slug}/notices/draft/election/", {
        "voting_from": "2027-01-16T08:00", "voting_until": "2027-01-17T18:00", "place": "会所",
        "form": "书面征求意见", "agenda": "选举委员"})
    assert reelection.notices.get(kind=NoticeKind.ELECTION).event_on == MEETING


def test_charlie_cannot_draft_in_wuyuehua(reelection, charlie, wuyuehua):
    response = client_for(charlie).post(f"/c/{wuyuehua.slug}/notices/draft/roster/", {
        "rules_text": "x", "period_days": 7})
    assert response.status_code == 404


def test_the_election_form_starts_from_the_assembly_the_voting_part_set_up(reelection, alice, wuyuehua):
    from huanjie.voting.models import Assembly

    opens = timezone.make_aware(datetime(2027, 1, 16, 8, 0))
    Assembly.objects.create(community=wuyuehua, reelection=reelection, title="第二届业委会选举", opens_at=opens,
                            closes_at=opens + timedelta(days=1), counting_place="会所二楼")
    initial = drafts.election_initial(reelection)
    assert initial["place"] == "会所二楼" and initial["voting_from"] == opens
    assert initial["form"] == "书面征求意见"
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/notices/").content.decode()
    assert "会所二楼" in page
