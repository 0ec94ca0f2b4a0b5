"""The audit pages: who may see them, filters, what changed, masking, exports, a broken chain."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from huanjie import audit
from huanjie.accounts.models import Role
from huanjie.audit.models import AuditRecord, ChainVerification
from huanjie.audit.verification import chain_status
from tests.conftest import client_for, make_user


@pytest.fixture
def records(wuyuehua, elsewhere, alice, charlie):  # type: ignore[no-untyped-def]
    """Three records on 1-101 of 五月花, one on 1-102, one of the other community."""
    unit = wuyuehua.units.get(code="1-101")
    audit.record(
        "ledgers.demand.recorded",
        actor=alice,
        target=unit,
        data={"after": {"status": "new", "phone": "13812345678", "text": "电梯坏了，请联系13999998888"}},
    )
    audit.record(
        "ledgers.demand.started",
        actor=alice,
        target=unit,
        data={
            "before": {"status": "new", "handler": ""},
            "after": {"status": "in_progress", "handler": ""},
            "note": "已派单",
        },
    )
    audit.record("notice.published", target=unit, data={"head": "ab" * 32})
    audit.record("roster.exported", actor=alice, target=wuyuehua.units.get(code="1-102"), data={"format": "csv"})
    audit.record(
        "ledgers.demand.recorded",
        actor=charlie,
        target=elsewhere.units.get(code="1-101"),
        data={"after": {"status": "new"}},
    )
    return unit


def log_url(community, **query):  # type: ignore[no-untyped-def]
    url = reverse("audit:log", args=[community.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def sequences(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [entry.record.sequence for entry in response.context["entries"]]


def test_the_working_group_sees_its_own_community_s_records_only(records, wuyuehua, alice):
    response = client_for(alice).get(log_url(wuyuehua))
    assert response.status_code == 200
    assert sequences(response) == [4, 3, 2, 1]  # newest first; #5 is the other community's
    page = response.content.decode()
    assert "开始办理诉求" in page and "登记诉求" in page and "ledgers.demand.started" in page
    assert 'data-testid="chain-intact"' in page
    assert AuditRecord.objects.get(sequence=4).hash in page and AuditRecord.objects.get(sequence=3).hash in page


def test_another_community_s_staff_an_owner_and_a_scrutineer_get_404(records, wuyuehua, charlie, olivia):
    scrutineer = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    urls = [
        log_url(wuyuehua),
        reverse("audit:object", args=[wuyuehua.slug, "roster.unit", records.pk]),
        reverse("audit:export_csv", args=[wuyuehua.slug]),
        reverse("audit:export_xlsx", args=[wuyuehua.slug]),
    ]
    for user in (charlie, olivia, scrutineer):
        client = client_for(user)
        assert [client.get(url).status_code for url in urls] == [404] * 4, user
    # Charlie's own community with A's object in the URL: still nothing.
    mine = reverse("audit:object", args=["else", "roster.unit", records.pk])
    assert client_for(charlie).get(mine).status_code == 404
    assert not AuditRecord.objects.filter(code="audit.exported").exists()


def test_anonymous_visitors_are_sent_to_sign_in(records, wuyuehua, client):
    response = client.get(log_url(wuyuehua))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_filters_by_action_group_actor_object_and_date(records, wuyuehua, alice):
    client = client_for(alice)
    assert sequences(client.get(log_url(wuyuehua, action="ledgers.demand.started"))) == [2]
    assert sequences(client.get(log_url(wuyuehua, action="ledgers.*"))) == [2, 1]
    assert sequences(client.get(log_url(wuyuehua, actor="alice"))) == [4, 2, 1]
    assert sequences(client.get(log_url(wuyuehua, actor="system"))) == [3]
    assert sequences(client.get(log_url(wuyuehua, q="1-102"))) == [4]
    assert sequences(client.get(log_url(wuyuehua, type="roster.unit", id=records.pk))) == [3, 2, 1]
    today = timezone.localdate()
    assert sequences(client.get(log_url(wuyuehua, **{"from": today, "to": today}))) == [4, 3, 2, 1]
    assert sequences(client.get(log_url(wuyuehua, **{"from": today + timedelta(days=1)}))) == []
    assert sequences(client.get(log_url(wuyuehua, to=today - timedelta(days=1)))) == []
    AuditRecord.objects.filter(sequence=1).update(at=timezone.now() - timedelta(days=3))
    assert sequences(client.get(log_url(wuyuehua, to=today - timedelta(days=1)))) == [1]
    # Nonsense in the query string filters nothing rather than failing.
    assert sequences(client.get(log_url(wuyuehua, action="drop.table", **{"from": "yesterday"}))) == [4, 3, 2, 1]


def test_what_changed_is_shown_field_by_field_with_phones_masked(records, wuyuehua, alice):
    response = client_for(alice).get(log_url(wuyuehua))
    entries = {entry.record.sequence: entry for entry in response.context["entries"]}
    started = entries[2]
    # the stored `in_progress` reads as its label (issue 15, finding 9); `new` is no status a demand has
    assert [(c.field, c.before, c.after) for c in started.changes] == [("状态", "new", "办理中")]
    assert started.unchanged == 1  # the handler stayed the same
    assert [(d.field, d.value) for d in started.details] == [("备注", "已派单")]
    created = entries[1]
    assert ("电话", None, "138****5678") in [(c.field, c.before, c.after) for c in created.changes]
    assert ("内容", None, "电梯坏了，请联系139****8888") in [(c.field, c.before, c.after) for c in created.changes]
    page = response.content.decode()
    assert "13812345678" not in page and "13999998888" not in page
    assert "138****5678" in page and "<del>new</del> → 办理中" in page


def test_the_log_is_paged_by_sequence_without_counting(wuyuehua, alice):
    for n in range(120):
        audit.record("visits.visit.recorded", actor=alice, community_id=wuyuehua.pk, data={"n": n})
    client = client_for(alice)
    first = client.get(log_url(wuyuehua))
    page = first.content.decode()
    assert sequences(first) == list(range(120, 70, -1))
    assert 'data-testid="next-page"' in page and 'href="?before=71"' in page
    assert 'data-testid="newer-page"' not in page and 'data-testid="newest-page"' not in page
    assert "共" not in page.split('data-testid="pager"')[1]  # no total: it would count the whole history
    second = client.get(log_url(wuyuehua, before=71))
    assert sequences(second) == list(range(70, 20, -1))
    assert 'href="?after=70"' in second.content.decode() and 'href="?before=21"' in second.content.decode()
    last = client.get(log_url(wuyuehua, before=21))
    assert sequences(last) == list(range(20, 0, -1)) and 'data-testid="next-page"' not in last.content.decode()
    back = client.get(log_url(wuyuehua, after=20))
    assert sequences(back) == list(range(70, 20, -1)) and 'href="?after=70"' in back.content.decode()
    newest = client.get(log_url(wuyuehua, after=70))
    assert sequences(newest) == list(range(120, 70, -1)) and 'data-testid="newer-page"' not in newest.content.decode()
    # A filter is kept across pages; nonsense cursors give the newest page.
    filtered = client.get(log_url(wuyuehua, actor="alice", before=71)).content.decode()
    assert 'href="?actor=alice&amp;before=21"' in filtered
    assert sequences(client.get(log_url(wuyuehua, before="x", page=3))) == list(range(120, 70, -1))


def test_the_filter_lists_come_from_the_memberships_and_the_known_codes(records, wuyuehua, alice, charlie):
    context = client_for(alice).get(log_url(wuyuehua)).context
    assert "alice" in context["actors"] and "system" in context["actors"]
    assert "charlie" not in context["actors"]  # another community's staff
    assert "roster.unit" in dict(context["types"]) and "voting.assembly" in dict(context["types"])
    assert "ledgers.demand.started" in {code for _p, _g, codes in context["groups"] for code, _l in codes}


def test_an_object_s_history_lists_its_records_in_order(records, wuyuehua, alice):
    url = reverse("audit:object", args=[wuyuehua.slug, "roster.unit", records.pk])
    response = client_for(alice).get(url)
    assert response.status_code == 200
    assert sequences(response) == [1, 2, 3]
    assert "1-101" in response.content.decode()


def test_an_object_without_records_has_an_empty_history_and_an_unknown_one_is_404(records, wuyuehua, alice):
    client = client_for(alice)
    quiet = wuyuehua.units.get(code="1-201")
    assert client.get(reverse("audit:object", args=[wuyuehua.slug, "roster.unit", quiet.pk])).status_code == 200
    for kind, pk in [("roster.unit", 987654), ("no.such", 1), ("roster", "x"), ("roster.unit", "abc")]:
        assert client.get(reverse("audit:object", args=[wuyuehua.slug, kind, pk])).status_code == 404


def test_a_tampered_record_shows_as_broken_on_the_page(records, wuyuehua, alice):
    AuditRecord.objects.filter(sequence=2).update(data={"before": {"status": "new"}, "after": {"status": "closed"}})
    client = client_for(alice)
    page = client.get(log_url(wuyuehua)).content.decode()
    assert 'data-testid="chain-broken"' in page and "第 2 条记录" in page
    assert "内容与哈希不符（记录被改动过）" in page
    assert 'data-testid="chain-intact"' not in page
    history = client.get(reverse("audit:object", args=[wuyuehua.slug, "roster.unit", records.pk]))
    assert {e.record.sequence: e.problem for e in history.context["entries"]} == {1: "", 2: "content", 3: ""}
    assert "内容与哈希不符" in history.content.decode()


def test_a_deleted_record_breaks_the_link_of_the_one_after_it(records, wuyuehua, alice):
    AuditRecord.objects.filter(sequence=2).delete()
    response = client_for(alice).get(log_url(wuyuehua))
    assert response.context["status"].broken.sequence == 3
    assert "应为第 2 条记录，实为第 3 条" in response.content.decode()
    assert {e.record.sequence: e.problem for e in response.context["entries"]} == {4: "", 3: "link", 1: ""}


def _read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_export_has_the_chain_head_and_status_and_is_itself_audited(records, wuyuehua, alice):
    # A formula in a label (which breaks the chain at that record) stands for any cell text.
    AuditRecord.objects.filter(sequence=4).update(target_label='=HYPERLINK("http://x")')
    AuditRecord.objects.filter(sequence=2).update(data={})
    response = client_for(alice).get(reverse("audit:export_csv", args=[wuyuehua.slug]) + "?action=roster.*")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _read_csv(response.content)
    header = {row[0]: row[1] for row in rows[:7]}
    exported = AuditRecord.objects.get(code="audit.exported")
    assert header["留痕记录导出"] == "五月花生活广场" and header["导出人"] == "alice"
    assert header["链头"] == f"#{exported.sequence} {exported.hash}"  # the head includes the export's record
    assert "第 2 条记录处断开" in header["核验状态"]
    assert "roster.*" in header["筛选条件"]
    assert rows[8][:3] == ["序号", "时间", "小区"]
    body = rows[9:]
    assert [row[0] for row in body] == ["4"]
    assert body[0][5] == "roster.exported" and body[0][4] == "导出业主名册"
    assert body[0][8] == '\'=HYPERLINK("http://x")'  # neutralised, as the roster export does
    assert body[0][10] == AuditRecord.objects.get(sequence=4).hash
    assert exported.actor_label == "alice" and exported.community_id == wuyuehua.pk
    assert exported.data == {
        "format": "csv",
        "records": 1,
        "scope": "五月花生活广场",
        "filters": {"action": "roster.*"},
    }


def test_the_xlsx_export_reads_back_with_masked_phones(records, wuyuehua, alice):
    response = client_for(alice).get(reverse("audit:export_xlsx", args=[wuyuehua.slug]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = {row[0]: row[1] for row in values[:7]}
    head = AuditRecord.objects.order_by("-sequence").first()
    assert header["链头"] == f"#{head.sequence} {head.hash}" and head.code == "audit.exported"
    assert header["核验状态"].startswith("第 1—") and "完整" in header["核验状态"]
    table = values[8:]
    assert table[0][0] == "序号"
    assert [row[0] for row in table[1:]] == [1, 2, 3, 4]  # oldest first in the file
    first = table[1]
    assert first[2] == "五月花生活广场" and first[3] == "alice" and first[6] == "房屋"
    assert "电话：138****5678" in first[9] and "13812345678" not in first[9]
    assert "状态：new → 办理中" in table[2][9]
    assert AuditRecord.objects.get(code="audit.exported").data["format"] == "xlsx"


def test_the_street_office_exports_all_its_communities_and_others_cannot(records, wuyuehua, alice, wang, office):
    from tests.conftest import make_community

    second = make_community(office, "second", "第二小区")
    audit.record("visits.visit.recorded", target=second.units.first(), data={"after": {"note": "走访"}})
    client = client_for(wang)
    page = client.get(reverse("audit_office:log", args=[office.code]))
    assert page.status_code == 200
    assert sequences(page) == [6, 4, 3, 2, 1]  # not #5 (another office's community)
    response = client.get(reverse("audit_office:export_xlsx", args=[office.code]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == office.name
    assert {row[2] for row in values[9:]} == {"五月花生活广场", "第二小区"}
    exported = AuditRecord.objects.get(code="audit.exported")
    assert exported.target_type == "roster.streetoffice" and exported.community_id is None
    assert exported.data["records"] == 5
    assert 7 in sequences(client.get(reverse("audit_office:log", args=[office.code])))  # the export is in its log
    for url in (
        reverse("audit_office:log", args=[office.code]),
        reverse("audit_office:export_csv", args=[office.code]),
    ):
        assert client_for(alice).get(url).status_code == 404
    assert client_for(alice).post(reverse("audit_office:verify", args=[office.code])).status_code == 404


def test_only_the_street_office_verifies_the_chain_and_the_result_is_kept(records, wuyuehua, alice, wang):
    assert client_for(alice).post(reverse("audit:verify", args=[wuyuehua.slug])).status_code == 404
    response = client_for(wang).post(reverse("audit:verify", args=[wuyuehua.slug]), follow=True)
    assert response.status_code == 200 and "核验完成" in response.content.decode()
    kept = ChainVerification.objects.get()
    assert (kept.sequence, kept.broken_sequence, kept.actor_label) == (5, None, "wang")
    assert 'data-testid="verify-chain"' in response.content.decode()
    assert 'data-testid="verify-chain"' not in client_for(alice).get(log_url(wuyuehua)).content.decode()


def test_a_long_chain_shows_the_stored_verification_and_checks_only_what_came_after(
    records, wuyuehua, alice, monkeypatch
):
    monkeypatch.setattr("huanjie.audit.verification.LIVE_LIMIT", 3)
    page = client_for(alice).get(log_url(wuyuehua)).content.decode()
    # Never verified: the first page of the day verifies the whole chain, and keeps the result.
    assert 'data-testid="chain-intact"' in page and "全链最近一次核验" in page and "至第 5 条" in page
    assert ChainVerification.objects.get().actor_label == "system"
    audit.record("visits.visit.recorded", community_id=wuyuehua.pk)
    status = chain_status(live_limit=3)
    assert (status.verified_through, status.broken, status.unverified, status.live) == (6, None, 0, False)
    page = client_for(alice).get(log_url(wuyuehua)).content.decode()
    assert 'data-testid="chain-intact"' in page and "全链最近一次核验" in page and "至第 5 条" in page
    AuditRecord.objects.filter(sequence=6).update(actor_label="mallory")  # after the stored verification
    assert chain_status(live_limit=3).broken.sequence == 6
    for n in range(4):
        audit.record("visits.visit.recorded", community_id=wuyuehua.pk, data={"n": n})
    status = chain_status(live_limit=3)
    assert (status.verified_through, status.unverified) == (5, 5)  # too many new ones to check while loading


def test_the_verify_command_keeps_its_result(records):
    from django.core.management import call_command

    call_command("audit", "verify")
    assert ChainVerification.objects.get().sequence == 5


def _tag(user, community, obj) -> str:  # type: ignore[no-untyped-def]
    from huanjie.accounts.selectors import roles_in

    request = RequestFactory().get("/")
    request.user = user
    request.community_roles = roles_in(user, community)  # type: ignore[attr-defined]
    template = Template("{% load audit_links %}{% audit_history_link obj %}")
    return template.render(Context({"community": community, "request": request, "obj": obj}))


def test_the_history_link_is_shown_to_staff_only(records, wuyuehua, alice):
    scrutineer = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    link = _tag(alice, wuyuehua, records)
    assert reverse("audit:object", args=[wuyuehua.slug, "roster.unit", records.pk]) in link
    assert _tag(scrutineer, wuyuehua, records).strip() == ""
    assert _tag(alice, wuyuehua, None).strip() == ""


def test_a_staff_page_links_to_its_object_s_history(wuyuehua, alice):
    from huanjie.voting.services import create_assembly

    opens = timezone.now() + timedelta(days=1)
    assembly = create_assembly(
        community=wuyuehua, title="第三届业委会选举", opens_at=opens, closes_at=opens + timedelta(days=7), actor=alice
    )
    history = reverse("audit:object", args=[wuyuehua.slug, "voting.assembly", assembly.pk])
    detail = reverse("voting:detail", args=[wuyuehua.slug, assembly.pk])
    assert history in client_for(alice).get(detail).content.decode()
    page = client_for(alice).get(history)
    assert [e.record.code for e in page.context["entries"]] == ["voting.assembly.created"]
    assert "创建业主大会表决" in page.content.decode() and "第三届业委会选举" in page.content.decode()
    scrutineer = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    seen = client_for(scrutineer).get(detail)
    assert seen.status_code == 200 and history not in seen.content.decode()
