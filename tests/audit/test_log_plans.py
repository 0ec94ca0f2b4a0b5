"""The audit log costs a page, not the history: no count, no grouping of the records, each community
read from its index (issue 20: a street office's log counted and grouped 339,601 records on every load)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.audit import verification
from huanjie.audit.verification import verify_and_store
from tests.conftest import client_for
from tests.district import actor_names, add_communities, append_history, build_district
from tests.plans import GROUPING, on_postgresql, page_queries, plan_scans, reads

LOG = "audit_auditrecord"


def log_urls(district) -> list[str]:  # type: ignore[no-untyped-def]
    community = district.communities[1]
    office = f"/office/{district.office.code}/audit/"
    mine = f"/c/{community.slug}/audit/"
    return [mine, mine + "?before=900", mine + "?after=100", mine + "?action=visits.*",
            mine + "?action=roster.exported&actor=system", office, office + "?before=1500",
            office + "?action=ledgers.demand.recorded", office + f"?actor={district.supervisor.username}"]


def whole_history_reads(captured: CaptureQueriesContext) -> list[str]:
    """Reads of the log that are not a page of it (under a LIMIT) nor a look-up by sequence number,
    or that count or group its records, or read it other than by an index."""
    problems = []
    for sql in reads(captured):
        for scan in plan_scans(sql):
            if scan.table != LOG:
                continue
            paged = "Limit" in scan.above or scan.names("sequence")
            grouped = GROUPING & set(scan.above)
            if not scan.by_index or not paged or grouped:
                problems.append(f"{scan.kind} under {'/'.join(scan.above)} [{scan.conditions.strip()}]: {sql[:200]}")
    return problems


@pytest.fixture
def district(db, monkeypatch):  # type: ignore[no-untyped-def]
    made = build_district(communities=3, units=10, audit_records=3000)
    monkeypatch.setattr(verification, "LIVE_LIMIT", 100)  # the page shows the day's stored verification
    verify_and_store("test")
    return made


@on_postgresql
def test_the_community_and_office_logs_read_a_page_of_the_log_by_index_and_never_count_it(district):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {LOG}")
    for url in log_urls(district):
        user = district.supervisor if url.startswith("/office/") else district.staff[district.communities[1].pk]
        with page_queries() as captured:
            response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert response.context["entries"], url
        assert whole_history_reads(captured) == [], url


@on_postgresql
def test_the_office_log_merges_each_community_s_newest_records_and_its_own(district):
    client = client_for(district.supervisor)
    assert client.get(f"/office/{district.office.code}/audit/export.csv?action=voting.*").status_code == 200
    response = client.get(f"/office/{district.office.code}/audit/")
    shown = [entry.record.sequence for entry in response.context["entries"]]
    assert shown == list(range(3001, 2951, -1))  # the office's export (#3001), then its communities' newest 49
    assert response.context["entries"][0].record.code == "audit.exported"
    older = client.get(f"/office/{district.office.code}/audit/?before=2952")
    assert [entry.record.sequence for entry in older.context["entries"]] == list(range(2951, 2901, -1))


@pytest.mark.django_db
def test_the_logs_send_as_many_queries_at_two_communities_as_at_five(monkeypatch):
    monkeypatch.setattr(verification, "LIVE_LIMIT", 100)
    district = build_district(communities=2, units=5, audit_records=400)
    verify_and_store("test")
    community = district.communities[0]
    pages = [(district.staff[community.pk], f"/c/{community.slug}/audit/"),
             (district.supervisor, f"/office/{district.office.code}/audit/"),
             (district.supervisor, f"/office/{district.office.code}/audit/?before=300&action=visits.*")]

    def counts() -> list[int]:
        found = []
        for user, url in pages:
            client = client_for(user)
            client.get(url)  # the day's checkpoint is signed on the first load
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    at_two = counts()
    add_communities(district, 3, units=5)
    append_history([c.pk for c in district.communities], 400, actors=actor_names(district))
    verify_and_store("test")
    assert counts() == at_two
