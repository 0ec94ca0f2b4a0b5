"""Who may read what through the API: the same rule as the pages, with JSON error bodies."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

COMMUNITY_PATHS = ["/api/communities/{slug}", "/api/communities/{slug}/reelection",
                   "/api/communities/{slug}/roster/totals", "/api/communities/{slug}/roster/units",
                   "/api/communities/{slug}/roster/imports"]


@pytest.mark.parametrize("path", ["/api/communities/", *COMMUNITY_PATHS])
def test_it_answers_an_anonymous_visitor_401_with_a_json_body(client, wuyuehua, path):
    response = client.get(path.format(slug=wuyuehua.slug))
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。", "code": "not_authenticated"}


@pytest.mark.parametrize("path", COMMUNITY_PATHS)
def test_charlie_sees_nothing_of_wuyuehua(charlie, wuyuehua, path):
    response = client_for(charlie).get(path.format(slug=wuyuehua.slug))
    assert response.status_code == 404
    assert response.json() == {"detail": "没有找到，或您无权查看。", "code": "not_found"}


def test_a_community_charlie_cannot_see_looks_like_one_that_does_not_exist(charlie, wuyuehua):
    client = client_for(charlie)
    hidden = client.get(f"/api/communities/{wuyuehua.slug}/roster/totals")
    missing = client.get("/api/communities/no-such-place/roster/totals")
    assert hidden.json() == missing.json()


def test_charlie_lists_only_his_own_community(charlie, wuyuehua, elsewhere):
    assert [c["slug"] for c in client_for(charlie).get("/api/communities/").json()] == [elsewhere.slug]


def test_the_supervisor_reads_every_community_of_the_street_office(wang, wuyuehua, elsewhere):
    client = client_for(wang)
    assert [c["slug"] for c in client.get("/api/communities/").json()] == [wuyuehua.slug]
    assert client.get(f"/api/communities/{wuyuehua.slug}/roster/totals").status_code == 200
    assert client.get(f"/api/communities/{elsewhere.slug}/roster/totals").status_code == 404


def test_an_owner_reads_nothing_of_the_staff_api(olivia, wuyuehua):
    client = client_for(olivia)
    assert client.get("/api/communities/").json() == []
    assert client.get(f"/api/communities/{wuyuehua.slug}/roster/units").status_code == 404


def test_an_unknown_api_path_answers_json_not_the_sites_html_page(alice_client):
    response = alice_client.get("/api/no/such/thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["code"] == "not_found"


def test_the_health_check_needs_no_sign_in(client, db):
    assert client.get("/api/health").json() == {"status": "ok"}
