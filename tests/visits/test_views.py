from __future__ import annotations

from datetime import date

from django.utils import timezone

from huanjie.visits.models import Outcome, Visit
from tests.conftest import client_for


def _visit(community, code, outcome, day=date(2026, 11, 20)):
    unit = community.units.get(code=code)
    return Visit.objects.create(community=community, unit=unit, visited_on=day, visitor="李老师", outcome=outcome)


def test_it_shows_coverage_by_building_and_floor_and_colours_units_by_latest_outcome(alice, wuyuehua):
    _visit(wuyuehua, "1-101", Outcome.NOT_HOME, date(2026, 11, 1))
    _visit(wuyuehua, "1-101", Outcome.MET, date(2026, 11, 3))
    _visit(wuyuehua, "1-102", Outcome.TENANTS)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/visits/").content.decode()
    assert 'data-testid="reached">2<' in page
    assert 'class="cell o-met" title="见到业主">1-101<' in page
    assert 'class="cell o-tenants" title="出租">1-102<' in page
    assert 'class="cell o-" title="未走访">1-201<' in page
    assert "66.6%" in page


def test_it_lists_the_units_not_yet_reached(alice, wuyuehua):
    _visit(wuyuehua, "1-101", Outcome.MET)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/visits/unreached/").content.decode()
    assert "1-102" in page and "1-201" in page and "<td>1-101</td>" not in page


def test_it_hides_the_visits_from_charlie_and_from_owners(charlie, olivia, wuyuehua):
    for user in (charlie, olivia):
        assert client_for(user).get(f"/c/{wuyuehua.slug}/visits/").status_code == 404
        assert client_for(user).post(f"/c/{wuyuehua.slug}/visits/door/", {}).status_code == 404


def _door_post(client, slug, **fields):
    data = {"unit_code": "1-102", "outcome": "met", "visited_on": timezone.localdate().isoformat(),
            "visitor": "李老师", "second_visitor": "", "notes": "", "follow_up_on": "", "idempotency_key": "abc"}
    return client.post(f"/c/{slug}/visits/door/", data | fields, HTTP_X_OUTBOX="1")


def test_the_door_page_answers_the_outbox_and_a_resend_is_stored_once(alice, wuyuehua):
    client = client_for(alice)
    first = _door_post(client, wuyuehua.slug)
    again = _door_post(client, wuyuehua.slug)
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json()["created"] is False
    assert Visit.objects.filter(community=wuyuehua).count() == 1


def test_the_door_page_refuses_a_unit_of_another_community_with_a_message(alice, wuyuehua, elsewhere):
    elsewhere.units.filter(code="1-102").update(code="2-999")
    response = _door_post(client_for(alice), wuyuehua.slug, unit_code="2-999")
    assert response.status_code == 400
    assert response.json()["error"] == "本小区没有房号“2-999”，请核对楼栋和房号（如 1号楼101室，也可写 1-101）。"
    assert not Visit.objects.exists()


def test_the_door_page_works_without_script_too(alice, wuyuehua):
    client = client_for(alice)
    data = {"unit_code": "1-201", "outcome": "refused", "visited_on": timezone.localdate().isoformat(),
            "visitor": "李老师"}
    response = client.post(f"/c/{wuyuehua.slug}/visits/door/", data)
    assert response.status_code == 302
    assert Visit.objects.get().outcome == "refused"
    page = client.get(f"/c/{wuyuehua.slug}/visits/door/").content.decode()
    assert "visits/outbox.js" in page and "<script>" not in page
