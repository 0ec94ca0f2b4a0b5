"""An election contest takes the final candidate list (正式候选人名单) of the candidates part (issue #4).

Names are filled in from the confirmed list in ballot order; names that differ are refused, each
difference named, unless the user confirms them, and then the departure is on the audit record.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from huanjie.accounts.models import Role
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import verify_chain
from huanjie.candidates.models import Candidate, CandidateStatus, Nomination, Recruitment
from huanjie.candidates.selectors import ListDifference, compare_with_final_list, final_list_for
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community
from huanjie.voting.models import Assembly, Contest
from huanjie.voting.services import create_assembly
from tests.conftest import client_for, make_user

DECIDED_ON = date(2026, 11, 20)
OVERRIDE_CODE = "voting.contest.final_list_overridden"


def nominee(recruitment: Recruitment, code: str, status: str, reason: str = "") -> Candidate:
    unit = recruitment.community.units.get(code=code)
    nomination = Nomination.objects.create(
        community=recruitment.community,
        recruitment=recruitment,
        owner=unit.owners.get(),
        unit=unit,
        method="self",
        channel="paper_form",
        gender="female",
        age_band="36-50",
        occupation="会计师",
        time_available="evenings",
        statement="愿意为小区服务。",
        consent_to_publish=True,
    )
    return Candidate.objects.create(
        community=recruitment.community,
        recruitment=recruitment,
        nomination=nomination,
        status=status,
        status_reason=reason,
    )


@pytest.fixture
def reelection(wuyuehua: Community) -> Reelection:
    return Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))


@pytest.fixture
def recruitment(reelection: Reelection) -> Recruitment:
    return Recruitment.objects.create(community=reelection.community, reelection=reelection)


@pytest.fixture
def final_list(recruitment: Recruitment) -> list[str]:
    """丙先生 (1-201) was nominated first, then 甲先生 (1-101); 乙先生 (1-102) withdrew."""
    nominee(recruitment, "1-201", CandidateStatus.FINAL)
    nominee(recruitment, "1-101", CandidateStatus.FINAL)
    nominee(recruitment, "1-102", CandidateStatus.WITHDRAWN, reason="本人书面撤回")
    recruitment.final_list_on = DECIDED_ON
    recruitment.save(update_fields=["final_list_on"])
    return ["丙先生", "甲先生"]


def make_assembly(community: Community, actor, reelection: Reelection | None) -> Assembly:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return create_assembly(
        community=community,
        title="第二届业主委员会选举",
        opens_at=now + timedelta(days=20),
        closes_at=now + timedelta(days=21),
        actor=actor,
        reelection=reelection,
    )


@pytest.fixture
def assembly(wuyuehua, alice, reelection) -> Assembly:  # type: ignore[no-untyped-def]
    return make_assembly(wuyuehua, alice, reelection)


def election(names: str, **extra: str) -> dict[str, object]:
    return {
        "spec_id": "committee",
        "kind": "election",
        "matter": "elect-committee",
        "title": "选举业主委员会委员",
        "seats": 2,
        "candidates": names,
        **extra,
    }


def url(assembly: Assembly) -> str:
    return f"/c/wyh/voting/{assembly.pk}/"


# The comparison itself


def test_the_same_names_in_the_same_order_are_no_difference():
    assert compare_with_final_list(["丙先生", "甲先生"], ["丙先生", "甲先生"]) == []


def test_a_name_like_a_missing_one_is_taken_for_it_misspelt():
    assert compare_with_final_list(["王莉娟", "周建华"], ["王丽娟", "周建华"]) == [
        ListDifference("misspelt", entered="王莉娟", listed="王丽娟")
    ]


def test_an_unlike_name_is_added_and_the_listed_one_missing():
    assert compare_with_final_list(["张三", "周建华"], ["李四", "周建华"]) == [
        ListDifference("added", entered="张三"),
        ListDifference("missing", listed="李四"),
    ]


def test_the_order_counts_only_when_the_same_names_are_there():
    assert compare_with_final_list(["周建华", "王丽娟"], ["王丽娟", "周建华"]) == [
        ListDifference("order", listed="王丽娟、周建华")
    ]
    assert [d.kind for d in compare_with_final_list(["周建华"], ["王丽娟", "周建华"])] == ["missing"]


def test_a_repeated_name_is_left_to_the_contests_own_check():
    assert compare_with_final_list(["周建华", "周建华", "王丽娟"], ["周建华", "王丽娟"]) == []


NAMES = st.lists(st.text(alphabet="王李张丽娟建华国强", min_size=1, max_size=3), unique=True, max_size=6)


@given(entered=NAMES, final=NAMES)
def test_a_list_of_distinct_names_differs_exactly_when_it_is_not_the_final_list(entered, final):
    differences = compare_with_final_list(entered, final)
    assert (differences == []) == (entered == final)
    for difference in differences:
        if difference.kind in ("added", "misspelt"):
            assert difference.entered in entered and difference.entered not in final
        if difference.kind in ("missing", "misspelt"):
            assert difference.listed in final and difference.listed not in entered
    named = [d.listed for d in differences if d.kind in ("missing", "misspelt")]
    assert sorted(named) == sorted(set(final) - set(entered))


def test_the_final_list_is_in_nomination_order_without_the_withdrawn(reelection, final_list):
    found = final_list_for(reelection)
    assert found is not None and list(found.names) == final_list and found.decided_on == DECIDED_ON


def test_there_is_no_final_list_before_it_is_confirmed(reelection, recruitment):
    nominee(recruitment, "1-101", CandidateStatus.SHORTLISTED)
    assert final_list_for(reelection) is None
    assert final_list_for(None) is None


# The page


def test_it_fills_in_the_final_list_in_ballot_order_with_a_note(assembly, final_list, alice):
    page = client_for(alice).get(url(assembly)).content.decode()
    assert "已按正式候选人名单填入（2人，确定于2026年11月20日）" in page
    assert ">\n丙先生\n甲先生</textarea>" in page
    assert "与正式候选人名单不一致，确认按此填写" in page


def test_an_assembly_created_on_its_page_belongs_to_the_re_election_and_takes_its_final_list(
    wuyuehua, reelection, final_list, alice
):
    now = timezone.localtime()
    client_for(alice).post("/c/wyh/voting/", {
        "title": "第二届业主委员会选举", "form": "written", "precedence": "first", "proxy_cap": 3,
        "opens_at": (now + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=21)).strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    made = Assembly.objects.get(community=wuyuehua)
    assert made.reelection == reelection
    assert ">\n丙先生\n甲先生</textarea>" in client_for(alice).get(url(made)).content.decode()


def test_alice_adds_the_final_list_as_it_is_without_confirming(assembly, final_list, alice):
    client_for(alice).post(url(assembly), election("丙先生\n甲先生"))
    assert assembly.contests.get().candidates == final_list
    assert not AuditRecord.objects.filter(code=OVERRIDE_CODE).exists()


def test_it_refuses_names_that_differ_and_names_each_difference(assembly, final_list, alice):
    response = client_for(alice).post(url(assembly), election("丙先生\n甲先盛\n丁女士"))
    page = response.content.decode()
    assert response.status_code == 200 and not Contest.objects.exists()
    assert "与正式候选人名单不一致：“甲先盛”与正式候选人“甲先生”不一致，是否写错。" in page
    assert "与正式候选人名单不一致：“丁女士”不在正式候选人名单上。" in page
    assert "请勾选“与正式候选人名单不一致，确认按此填写”" in page


def test_it_refuses_a_missing_candidate_and_a_changed_order(assembly, final_list, alice):
    client = client_for(alice)
    page = client.post(url(assembly), election("丙先生")).content.decode()
    assert "正式候选人“甲先生”没有填入" in page
    page = client.post(url(assembly), election("甲先生\n丙先生")).content.decode()
    assert "顺序与正式候选人名单不同，名单顺序为：丙先生、甲先生" in page
    assert not Contest.objects.exists()


def test_confirmed_differences_are_added_and_on_the_audit_record(assembly, final_list, alice):
    client_for(alice).post(url(assembly), election("丙先生\n甲先盛\n丁女士", confirm_mismatch="on"))
    contest = assembly.contests.get()
    assert contest.candidates == ["丙先生", "甲先盛", "丁女士"]
    record = AuditRecord.objects.get(code=OVERRIDE_CODE)
    assert record.target_id == str(contest.pk) and record.actor_label == "alice"
    assert record.data == {
        "final_list_on": "2026-11-20",
        "final_list": ["丙先生", "甲先生"],
        "candidates": ["丙先生", "甲先盛", "丁女士"],
        "differences": ["“甲先盛”与正式候选人“甲先生”不一致，是否写错", "“丁女士”不在正式候选人名单上"],
    }
    assert verify_chain() is None


def test_a_refused_contest_leaves_no_override_on_record(assembly, final_list, alice):
    # The contest itself is refused (no seats): neither it nor the confirmation is written.
    client_for(alice).post(url(assembly), election("丁女士", confirm_mismatch="on", seats=""))
    assert not Contest.objects.exists() and not AuditRecord.objects.filter(code=OVERRIDE_CODE).exists()


def test_a_motion_is_not_compared_with_the_final_list(assembly, final_list, alice):
    client_for(alice).post(
        url(assembly),
        {
            "spec_id": "lift-fund",
            "kind": "motion",
            "matter": "use-maintenance-fund",
            "title": "使用维修资金更换电梯",
            "candidates": "丙先生\n甲先生",
        },
    )
    assert assembly.contests.get().candidates == []


@pytest.mark.parametrize("linked", [True, False], ids=["list-not-confirmed", "assembly-without-reelection"])
def test_without_a_final_list_the_form_says_so_and_takes_any_names(wuyuehua, alice, reelection, recruitment, linked):
    assembly = make_assembly(wuyuehua, alice, reelection if linked else None)
    client = client_for(alice)
    page = client.get(url(assembly)).content.decode()
    assert "尚未确定正式候选人名单，请逐行填写候选人" in page
    assert "确认按此填写" not in page
    client.post(url(assembly), election("张三\n李四\n王五"))
    assert assembly.contests.get().candidates == ["张三", "李四", "王五"]
    assert not AuditRecord.objects.filter(code=OVERRIDE_CODE).exists()


def test_wang_of_the_street_office_adds_the_contest_too(assembly, final_list, wang):
    client_for(wang).post(url(assembly), election("丙先生\n甲先生"))
    assert assembly.contests.get().candidates == final_list


def test_only_staff_of_the_community_may_add_a_contest(assembly, final_list, charlie, olivia, wuyuehua):
    sam = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    for user in (charlie, olivia):
        assert client_for(user).post(url(assembly), election("丙先生\n甲先生")).status_code == 404
    page = client_for(sam).post(url(assembly), election("丙先生\n甲先生", confirm_mismatch="on"))
    assert page.status_code == 200 and "添加表决事项" not in page.content.decode()
    assert not Contest.objects.exists() and not AuditRecord.objects.filter(code=OVERRIDE_CODE).exists()
