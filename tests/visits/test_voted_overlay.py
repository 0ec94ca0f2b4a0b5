"""During a voting window the visit grid shows which households have voted — yes or no, never how."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from huanjie.demo.build import load_demo
from huanjie.visits.selectors import voted_unit_codes
from huanjie.voting.models import AssemblyStatus, Ballot, BallotStatus, SnapshotUnit
from tests.conftest import client_for


@pytest.fixture
def demo(db):
    return load_demo(today=date(2026, 11, 29))


def test_the_units_marked_voted_are_exactly_those_of_entities_with_a_counted_ballot(demo):
    assembly = demo.assemblies.get()
    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values("entity")
    expected = set(SnapshotUnit.objects.filter(entity__in=counted).values_list("code", flat=True))
    assert expected and voted_unit_codes(demo) == expected


def test_the_grid_marks_a_voted_unit_and_shows_no_choice(demo):
    code = sorted(voted_unit_codes(demo) or [])[0]
    building = demo.buildings.get(units__code=code)
    page = client_for(get_user_model().objects.get(username="xiaozu")).get(
        f"/c/{demo.slug}/visits/?building={building.pk}").content.decode()
    assert f'已投票">{code}</td>' in page
    assert "同意" not in page


def test_no_vote_is_shown_outside_a_voting_window(demo):
    demo.assemblies.update(status=AssemblyStatus.CLOSED)
    assert voted_unit_codes(demo) is None
