"""A panelist's home leads to the candidates assigned to them and says how many wait for a score."""

from __future__ import annotations

from huanjie.accounts.models import Membership, Role
from huanjie.candidates.services import panel
from tests.conftest import client_for


def test_a_panelist_lands_on_the_candidates_assigned_to_them(candidate, panelists, wuyuehua):
    panel.assign_panel(candidate=candidate, panelists=panelists[:1], actor=None)
    response = client_for(panelists[0].user).get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/c/{wuyuehua.slug}/candidates/review/"
    assert candidate.name in page and "待评分" in page


def test_a_panelist_who_also_owns_a_flat_sees_how_many_candidates_wait(candidate, panelists, wuyuehua):
    member = panelists[0].user
    Membership.objects.create(user=member, role=Role.OWNER, community=wuyuehua, unit=wuyuehua.units.get(code="1-201"))
    page = client_for(member).get("/").content.decode()
    assert "暂无待评分的候选人" in page
    panel.assign_panel(candidate=candidate, panelists=panelists[:2], actor=None)
    page = client_for(member).get("/").content.decode()
    assert "1 位候选人待评分" in page
    assert f'href="/c/{wuyuehua.slug}/candidates/review/" data-testid="role-home" data-role="panelist"' in page
