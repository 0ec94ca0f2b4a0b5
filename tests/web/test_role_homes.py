"""Each role's home leads to its work: the community's name never sends a role to a page it may not open."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from huanjie.accounts.models import Membership, Role
from huanjie.voting.services import add_contest, close_voting, create_assembly, open_voting
from tests.announce import announce_vote
from tests.conftest import client_for, make_user
from tests.voting.conftest import seal_first_box


def test_a_panelist_s_home_goes_to_the_candidates_assigned_to_them(wuyuehua):
    pan = make_user("pan", Role.PANELIST, community=wuyuehua)
    response = client_for(pan).get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/c/{wuyuehua.slug}/candidates/review/"
    assert response.status_code == 200


def test_a_scrutineer_s_home_lists_the_boxes_paper_entry_and_the_count(wuyuehua, alice):
    scr = make_user("scr", Role.SCRUTINEER, community=wuyuehua)
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="第二届业主委员会选举", opens_at=now - timedelta(hours=2),
                               closes_at=now + timedelta(days=1), actor=alice)
    add_contest(assembly=assembly, spec_id="m", kind="motion", matter="use-maintenance-fund", title="使用维修资金",
                actor=alice)
    seal_first_box(assembly, alice)
    announce_vote(assembly, alice)
    open_voting(assembly=assembly, actor=alice)
    close_voting(assembly=assembly, actor=alice)
    response = client_for(scr).get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/c/{wuyuehua.slug}/scrutiny/"
    for url in (f"/voting/{assembly.pk}/boxes/", f"/voting/{assembly.pk}/entry/", f"/voting/{assembly.pk}/"):
        assert f'href="/c/{wuyuehua.slug}{url}"' in page


def test_the_community_name_in_the_header_takes_each_role_to_a_page_it_may_open(wuyuehua, olivia):
    pan = make_user("pan", Role.PANELIST, community=wuyuehua)
    scr = make_user("scr", Role.SCRUTINEER, community=wuyuehua)
    for user, landing in [(olivia, "me/"), (pan, "candidates/review/"), (scr, "scrutiny/")]:
        response = client_for(user).get(f"/c/{wuyuehua.slug}/")
        assert response.status_code == 302 and response["Location"] == f"/c/{wuyuehua.slug}/{landing}"


def test_someone_with_several_roles_gets_a_link_to_each(wuyuehua, alice):
    Membership.objects.create(user=alice, role=Role.OWNER, community=wuyuehua, unit=wuyuehua.units.get(code="1-102"))
    Membership.objects.create(user=alice, role=Role.PANELIST, community=wuyuehua)
    page = client_for(alice).get("/").content.decode()
    for role, url in [("working_group", ""), ("panelist", "candidates/review/"), ("owner", "me/")]:
        assert f'href="/c/{wuyuehua.slug}/{url}" data-testid="role-home" data-role="{role}"' in page


def test_a_supervisor_s_home_leads_to_the_street_office_pages_too(wang, wuyuehua):
    page = client_for(wang).get("/").content.decode()
    assert f'href="/c/{wuyuehua.slug}/" data-testid="role-home" data-role="supervisor"' in page
    assert f'href="/office/{wuyuehua.street_office.code}/reelections/"' in page
