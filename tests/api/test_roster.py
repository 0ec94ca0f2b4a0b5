"""The roster through the API: totals as the law counts them, units page by page, imports."""

from __future__ import annotations

import pytest

from huanjie.api.pagination import MAX_LIMIT
from huanjie.roster.models import RosterImport


def test_it_gives_the_eligible_headcount_and_area(alice_client, wuyuehua):
    body = alice_client.get(f"/api/communities/{wuyuehua.slug}/roster/totals").json()
    assert body == {"units": 3, "owners": 3, "eligible_headcount": 3, "eligible_area": "273.75",
                    "developer_units": 0, "multi_unit_entities": 0}


def test_it_lists_units_with_their_owners_a_page_at_a_time(alice_client, wuyuehua):
    first = alice_client.get(f"/api/communities/{wuyuehua.slug}/roster/units?limit=2").json()
    second = alice_client.get(f"/api/communities/{wuyuehua.slug}/roster/units?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 3
    assert [u["code"] for u in first["items"] + second["items"]] == ["1-101", "1-102", "1-201"]
    assert first["items"][0] == {"code": "1-101", "building": "1号楼", "floor": 1, "area": "88.50",
                                 "area_source": "unstated", "status": "delivered", "owners": ["甲先生"]}


def test_it_filters_units_by_building(alice_client, wuyuehua):
    url = f"/api/communities/{wuyuehua.slug}/roster/units"
    assert alice_client.get(url, {"building": "1号楼"}).json()["count"] == 3
    assert alice_client.get(url, {"building": "9号楼"}).json() == {"items": [], "count": 0}


@pytest.mark.parametrize("query", [f"limit={MAX_LIMIT + 1}", "limit=0", "offset=-1", "limit=many"])
def test_it_refuses_a_page_size_out_of_bounds_naming_the_parameter(alice_client, wuyuehua, query):
    response = alice_client.get(f"/api/communities/{wuyuehua.slug}/roster/units?{query}")
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["detail"]) == ("invalid", "请求参数不正确。")
    assert body["errors"][0]["loc"][-1] == query.split("=")[0]


def test_it_shows_uploaded_roster_files_newest_first(alice, alice_client, wuyuehua, elsewhere):
    older = RosterImport.objects.create(community=wuyuehua, uploaded_by=alice, file_name="名册-旧.xlsx",
                                        sha256="a" * 64, base_sha256="b" * 64, rows=[], status="applied")
    newer = RosterImport.objects.create(community=wuyuehua, uploaded_by=alice, file_name="名册.xlsx",
                                        sha256="c" * 64, base_sha256="b" * 64, rows=[], summary={"added": 2})
    theirs = RosterImport.objects.create(community=elsewhere, file_name="别处.xlsx", sha256="d" * 64,
                                         base_sha256="e" * 64, rows=[])
    url = f"/api/communities/{wuyuehua.slug}/roster/imports"
    listing = alice_client.get(url).json()
    assert [row["id"] for row in listing["items"]] == [newer.pk, older.pk]
    one = alice_client.get(f"{url}/{newer.pk}").json()
    assert (one["status"], one["summary"], one["uploaded_by"]) == ("pending", {"added": 2}, "alice")
    assert "rows" not in one
    assert alice_client.get(f"{url}/{theirs.pk}").status_code == 404
