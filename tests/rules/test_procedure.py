"""Lead times before the vote and the order of steps (条例 art. 14; SH arts. 21, 28, 29; Civil Code art. 201)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.procedure import (
    VOTE_NOTICE_DAYS,
    latest_notice_day,
    nominations_open,
    notice_in_time,
    reelection_under_way,
    restricted_during_reelection,
    scoring_open,
)

FIRST_DAY = date(2026, 12, 20)


def test_a_notice_published_exactly_fifteen_days_before_the_first_day_of_voting_is_in_time():
    assert notice_in_time(date(2026, 12, 5), FIRST_DAY)


def test_a_notice_published_fourteen_days_before_the_first_day_of_voting_is_too_late():
    assert not notice_in_time(date(2026, 12, 6), FIRST_DAY)


def test_a_written_vote_counts_its_lead_time_from_its_first_day_not_its_closing_day():
    # Voting 2026-12-20 to 12-27: a notice of 12-10 leaves 17 days before the close but only 10 before the start.
    assert not notice_in_time(date(2026, 12, 10), first_voting_day=FIRST_DAY)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 60))
@settings(max_examples=120)
def test_in_time_exactly_when_the_days_after_publication_fit_before_the_vote(published, gap):
    first_day = published + timedelta(days=gap)
    assert notice_in_time(published, first_day) is (gap >= VOTE_NOTICE_DAYS)
    assert latest_notice_day(first_day) + timedelta(days=VOTE_NOTICE_DAYS) == first_day


def test_nominations_stay_open_through_the_last_day_of_the_call():
    assert nominations_open(last_day=date(2026, 11, 10), today=date(2026, 11, 10))
    assert not nominations_open(last_day=date(2026, 11, 10), today=date(2026, 11, 11))


def test_without_a_published_call_nothing_has_closed_the_nominations():
    assert nominations_open(last_day=None, today=date(2030, 1, 1))


def test_scores_are_accepted_from_the_interviews_scheduled_time_on():
    at = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)
    assert not scoring_open(interview_at=at, now=at - timedelta(seconds=1))
    assert scoring_open(interview_at=at, now=at)
    assert not scoring_open(interview_at=None, now=at)


def test_scoring_refuses_to_compare_naive_and_aware_times():
    with pytest.raises(ValueError, match="aware"):
        scoring_open(interview_at=datetime(2026, 11, 20, 19), now=datetime(2026, 11, 20, 20, tzinfo=UTC))


@pytest.mark.parametrize(("fund", "manager", "sitting", "under_way", "consent"),
                         list(product([False, True], repeat=5)))
def test_the_sitting_committee_is_held_back_only_from_the_restricted_matters_without_consent(
        fund, manager, sitting, under_way, consent):
    refused = restricted_during_reelection(spends_maintenance_fund=fund, changes_manager=manager,
                                           by_sitting_committee=sitting, reelection_under_way=under_way,
                                           street_office_consent=consent)
    assert refused is ((fund or manager) and sitting and under_way and not consent)


@given(formed=st.booleans(), elected=st.booleans())
def test_a_re_election_is_under_way_from_the_working_group_until_the_new_committee_is_elected(formed, elected):
    assert reelection_under_way(working_group_formed=formed, committee_elected=elected) is (formed and not elected)
