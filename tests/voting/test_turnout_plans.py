"""Turnout reads its own assembly's papers, entities, units and ballots, by index, however many
communities of the district are voting at once (issue 20: "papers not yet voted", its count, and the
counted entities without a unit each read every assembly's rows in the district)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.voting.models import PaperMode
from huanjie.voting.selectors import not_yet_voted, not_yet_voted_count
from tests.conftest import client_for
from tests.district import add_communities, build_district
from tests.plans import on_postgresql, page_queries, unscoped_reads

VOTING_TABLES = {"voting_votingentity": ("assembly_id",), "voting_snapshotunit": ("assembly_id",),
                 "voting_ballotpaper": ("assembly_id",), "voting_ballot": ("assembly_id",)}
ANALYZE = "ANALYZE voting_votingentity; ANALYZE voting_snapshotunit; ANALYZE voting_ballotpaper; ANALYZE voting_ballot"


def turnout_pages(district, community) -> list[str]:  # type: ignore[no-untyped-def]
    assembly = district.assemblies[community.pk]
    return [f"/c/{community.slug}/voting/{assembly.pk}/turnout/", f"/c/{community.slug}/"]


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("paper_mode", [PaperMode.PER_ENTITY, PaperMode.PER_UNIT])
def test_turnout_and_the_overview_read_their_assembly_s_rows_by_index(paper_mode):
    district = build_district(communities=3, units=80, open_votes=3, paper_mode=paper_mode)
    community = district.communities[1]
    client = client_for(district.staff[community.pk])
    with connection.cursor() as cursor:
        cursor.execute(ANALYZE)
    for url in turnout_pages(district, community):
        with page_queries() as captured:
            assert client.get(url).status_code == 200, url
        problems = unscoped_reads(captured, VOTING_TABLES)
        assert problems == [], "\n".join([url, *problems])


@pytest.mark.django_db
@pytest.mark.parametrize("paper_mode", [PaperMode.PER_ENTITY, PaperMode.PER_UNIT])
def test_the_papers_not_yet_voted_are_the_assembly_s_own_largest_first(paper_mode):
    district = build_district(communities=2, units=40, open_votes=2, paper_mode=paper_mode)
    assembly = district.assemblies[district.communities[0].pk]
    missing = list(not_yet_voted(assembly))
    assert not_yet_voted_count(assembly) == len(missing) == 40 - 12  # 30% of the 40 papers are voted
    assert {paper.assembly_id for paper in missing} == {assembly.pk}
    areas = [paper.area for paper in missing]
    assert areas == sorted(areas, reverse=True)
    assert all((paper.unit is not None) == (paper_mode == PaperMode.PER_UNIT) for paper in missing)


@pytest.mark.django_db
def test_turnout_sends_as_many_queries_at_two_communities_as_at_five():
    district = build_district(communities=2, units=20, open_votes=2)
    community = district.communities[0]
    client = client_for(district.staff[community.pk])

    def counts() -> list[int]:
        found = []
        for url in turnout_pages(district, community):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    at_two = counts()
    add_communities(district, 3, units=20, open_votes=3)
    assert counts() == at_two
