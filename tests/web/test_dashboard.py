from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from huanjie.demo.build import load_demo
from huanjie.reelection.models import StageProgress
from huanjie.voting.selectors import turnout
from tests.conftest import client_for


@pytest.fixture
def demo(db):
    return load_demo(today=date(2026, 11, 29))


def test_the_dashboard_shows_visits_demands_and_turnout_against_the_quorum(demo):
    page = client_for(get_user_model().objects.get(username="xiaozu")).get(f"/c/{demo.slug}/").content.decode()
    now = turnout(demo.assemblies.get())
    assert re.search(r'data-testid="visits-reached">408 / 480<', page)
    assert f'data-testid="voting-heads">{now.participating.headcount} / {now.eligible.headcount}<' in page
    assert f"距法定参与比例还差 {now.missing_heads} 人" in page


def test_the_demo_progress_ledger_agrees_with_its_open_vote(demo):
    reelection = demo.reelections.get()
    assert reelection.assembly_date == date(2026, 12, 3)
    done = set(StageProgress.objects.filter(reelection=reelection).values_list("stage", flat=True))
    assert {"visits", "candidate_notice", "assembly_notice", "ballots_delivered"} <= done
    assert "voting" not in done
