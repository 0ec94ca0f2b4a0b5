"""The owner's page leads to everything an owner does: the open vote, notices, nominations, demands."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huanjie.voting.services import add_contest, create_assembly, open_voting
from tests.announce import announce_vote
from tests.conftest import client_for
from tests.voting.conftest import seal_first_box


def owner_page(olivia, community) -> str:  # type: ignore[no-untyped-def]
    return client_for(olivia).get(f"/c/{community.slug}/me/").content.decode()


def test_the_owner_page_links_to_notices_nominations_demands_and_projects(olivia, wuyuehua):
    page = owner_page(olivia, wuyuehua)
    for url in ("notices/owner/", "candidates/mine/", "demands/mine/", "projects/mine/"):
        assert f'href="/c/{wuyuehua.slug}/{url}"' in page
    assert 'data-testid="go-vote"' not in page  # no vote is open


def test_while_a_vote_is_open_the_owner_page_says_so_and_links_to_it(olivia, wuyuehua, alice):
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="第二届业主委员会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=2), actor=alice)
    add_contest(assembly=assembly, spec_id="m", kind="motion", matter="use-maintenance-fund", title="使用维修资金",
                actor=alice)
    assert 'data-testid="go-vote"' not in owner_page(olivia, wuyuehua)  # prepared, not yet open
    seal_first_box(assembly, alice)
    announce_vote(assembly, alice)
    open_voting(assembly=assembly, actor=alice)
    page = owner_page(olivia, wuyuehua)
    assert '<a class="btn" href="/vote/" data-testid="go-vote">去投票</a>' in page
    assert "第二届业主委员会选举" in page


def test_an_owner_signing_in_lands_on_their_page(olivia, wuyuehua):
    response = client_for(olivia).get("/")
    assert response.status_code == 302 and response["Location"] == f"/c/{wuyuehua.slug}/me/"
