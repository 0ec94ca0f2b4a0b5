"""Every page shows a share by the one rule of huanjie.rules.shares."""

from __future__ import annotations

from fractions import Fraction

from huanjie.visits.views import percent as visits_percent
from huanjie.voting.presenting import percent as voting_percent
from huanjie.voting.selectors_papers import DeliveryCoverage
from huanjie.web.dashboard import _percent as dashboard_percent


def test_the_dashboard_the_turnout_page_and_the_notices_show_the_same_figure() -> None:
    """Issue 15 #11: 45 of 89 was 50.6 % on the dashboard and 50.5 % on the turnout page."""
    assert dashboard_percent(Fraction(45, 89)) == voting_percent(45, 89) == visits_percent(45, 89) == "50.5%"
    assert DeliveryCoverage(papers=89, delivered=45, undeliverable=0).share == "50.5%"
