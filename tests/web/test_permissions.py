from __future__ import annotations

from tests.conftest import client_for


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, wuyuehua):
    response = client.get(f"/c/{wuyuehua.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_alice_her_community_dashboard(alice, wuyuehua):
    response = client_for(alice).get(f"/c/{wuyuehua.slug}/")
    assert response.status_code == 200
    assert "五月花生活广场" in response.content.decode()


def test_it_hides_alices_community_from_charlie(charlie, wuyuehua):
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/").status_code == 404
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/roster/").status_code == 404


def test_it_lets_the_supervisor_see_every_community_of_the_street_office(wang, wuyuehua, elsewhere):
    client = client_for(wang)
    assert client.get(f"/c/{wuyuehua.slug}/").status_code == 200
    assert client.get(f"/c/{elsewhere.slug}/").status_code == 404
    listing = client.get("/").content.decode()
    assert "五月花生活广场" in listing and "别处小区" not in listing


def test_it_keeps_an_owner_out_of_the_staff_pages(olivia, wuyuehua):
    client = client_for(olivia)
    dashboard = client.get(f"/c/{wuyuehua.slug}/")  # the community's name takes her to her own page instead
    assert dashboard.status_code == 302 and dashboard["Location"] == f"/c/{wuyuehua.slug}/me/"
    assert client.get(f"/c/{wuyuehua.slug}/roster/").status_code == 404


def test_it_sends_an_owner_from_home_to_their_own_page(olivia, wuyuehua):
    response = client_for(olivia).get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{wuyuehua.slug}/me/"


def test_the_owner_page_shows_only_the_owners_own_unit(olivia, wuyuehua):
    page = client_for(olivia).get(f"/c/{wuyuehua.slug}/me/").content.decode()
    assert "1-101" in page
    assert "1-102" not in page


def test_the_api_scopes_communities_like_the_pages(alice, charlie, wuyuehua):
    assert [c["slug"] for c in client_for(alice).get("/api/communities/").json()] == ["wyh"]
    assert client_for(charlie).get(f"/api/communities/{wuyuehua.slug}/roster/totals").status_code == 404


def test_the_api_refuses_anonymous_visitors(client, wuyuehua):
    assert client.get(f"/api/communities/{wuyuehua.slug}/roster/totals").status_code == 401
