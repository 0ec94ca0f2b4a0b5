"""The roster's pages read their own community's rows, by index, however large the district (issue 20).

The roster page, the community overview and the API's roster totals join each ownership to its
owner: without the owner's community in the join, PostgreSQL read every owner of the district.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.roster.models import Ownership
from huanjie.roster.selectors import roster_summary
from huanjie.rules import entities
from huanjie.rules.types import Unit
from tests.conftest import client_for
from tests.district import add_communities, build_district, build_roster
from tests.plans import on_postgresql, page_queries, unscoped_reads

ROSTER_TABLES = {"roster_owner": ("community_id",), "roster_ownership": ("community_id", "unit_id"),
                 "roster_unit": ("community_id",)}


def roster_pages(slug: str) -> list[str]:
    return [f"/c/{slug}/", f"/c/{slug}/roster/", f"/api/communities/{slug}/roster/totals"]


@on_postgresql
@pytest.mark.django_db
def test_the_roster_pages_read_owners_units_and_ownerships_of_their_community_by_index():
    district = build_district(communities=3, units=120, open_votes=1)
    community = district.communities[1]
    client = client_for(district.staff[community.pk])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE roster_owner; ANALYZE roster_ownership; ANALYZE roster_unit")
    for url in roster_pages(community.slug):
        with page_queries() as captured:
            assert client.get(url).status_code == 200, url
        assert unscoped_reads(captured, ROSTER_TABLES) == [], url


@pytest.mark.django_db
def test_the_roster_pages_send_as_many_queries_at_two_communities_as_at_five():
    district = build_district(communities=2, units=30, open_votes=1)
    community = district.communities[0]
    client = client_for(district.staff[community.pk])

    def counts() -> list[int]:
        found = []
        for url in roster_pages(community.slug):
            client.get(url)  # the first load of a day does the day's work once; then measure
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    at_two = counts()
    add_communities(district, 3, units=30, open_votes=2)
    assert counts() == at_two


@pytest.mark.django_db
def test_the_roster_summary_builds_only_the_entities_it_lists(office):
    """The overview, the roster page and the API totals need the totals, the multi-unit entities and
    the developer's: not one object per entity of a 3,000-unit roster (issue 20, item 5)."""
    community = build_roster(office, "big", 60)
    unit = community.units.get(code="1-102")
    shared = community.units.get(code="1-103")
    Ownership.objects.filter(unit=shared).update(owner=unit.owners.get())  # 1-102 and 1-103: one owner, one entity
    with mock.patch.object(entities, "_entity", wraps=entities._entity) as built:
        summary = roster_summary(community)
    assert summary.unit_count == 60 and summary.eligible_headcount == 59
    assert [row.units for row in summary.multi_unit_entities] == [("1-102", "1-103")]
    assert built.call_count == 1
    assert all(isinstance(args[1][0], Unit) for args, _kw in built.call_args_list)
