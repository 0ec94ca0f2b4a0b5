"""The import pages: upload, the error table, the difference, confirm and discard, and who may use them."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.candidates.services.recruitment import start_recruitment
from huanjie.reelection.models import Reelection
from huanjie.roster.models import ImportStatus, RosterImport, Unit
from tests.candidates.conftest import nominate
from tests.conftest import client_for
from tests.roster.conftest import WYH_SAME, counts, csv_bytes

NEW_UNIT = csv_bytes("1-101,1号楼,88.50,wyh-甲,", "1-102,1号楼,120.25,wyh-乙,", "1-201,1号楼,65.00,wyh-丙,",
                     "2-101,2号楼,70.00,wyh-丁,")


def upload(client, community, data, name="名册.csv"):  # type: ignore[no-untyped-def]
    return client.post(f"/c/{community.slug}/roster/import/", {"file": SimpleUploadedFile(name, data)})


def test_the_roster_page_offers_import_and_export(alice, wuyuehua):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/roster/").content.decode()
    assert f"/c/{wuyuehua.slug}/roster/import/" in page and "export.xlsx" in page and "export.csv" in page


def test_the_upload_page_has_a_labelled_file_input_and_a_check_button(alice, wuyuehua):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/roster/import/").content.decode()
    assert '<label for="id_file">名册文件</label>' in page
    assert "上传并检查" in page


def test_a_bad_file_lists_one_table_row_per_bad_row_and_writes_nothing(alice, wuyuehua):
    before = counts(wuyuehua)
    data = csv_bytes("1-101,1号楼,88.50,a,", "1-101,1号楼,-1,b,", "1-103,1号楼,88.555,,", "1-104,1号楼,70,c,sold")
    response = upload(client_for(alice), wuyuehua, data)
    page = response.content.decode()
    assert response.status_code == 200
    table = page.split('data-testid="import-errors"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 3  # the head, then rows 3, 4 and 5
    assert "房号“1-101”重复（第2行已有）" in table and "面积“-1”必须大于零" in table
    assert "面积“88.555”超过两位小数" in table and "已交付的房屋没有业主" in table
    assert counts(wuyuehua) == before and not RosterImport.objects.exists()


def test_a_good_file_leads_to_the_difference_and_confirming_applies_it(alice, wuyuehua):
    client = client_for(alice)
    response = upload(client, wuyuehua, NEW_UNIT)
    staged = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/c/{wuyuehua.slug}/roster/import/{staged.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "2-101" in page and "确认导入" in page and 'data-testid="diff-added-units"' in page
    assert counts(wuyuehua) == (3, 3, 3)
    confirmed = client.post(f"/c/{wuyuehua.slug}/roster/import/{staged.pk}/confirm/")
    assert confirmed.status_code == 302 and confirmed["Location"] == f"/c/{wuyuehua.slug}/roster/"
    roster = client.get(confirmed["Location"]).content.decode()
    assert '<div class="value" data-testid="unit-count">4</div>' in roster
    assert '<div class="value" data-testid="eligible-headcount">4</div>' in roster
    assert "名册已导入" in roster


def test_an_unchanged_file_says_so_and_offers_no_confirmation(alice, wuyuehua):
    client = client_for(alice)
    page = client.get(upload(client, wuyuehua, WYH_SAME)["Location"]).content.decode()
    assert 'data-testid="diff-empty"' in page and "确认导入" not in page


def test_a_stale_confirmation_is_refused_with_a_message(alice, bob, wuyuehua):
    client = client_for(alice)
    location = upload(client, wuyuehua, NEW_UNIT)["Location"]
    Unit.objects.filter(community=wuyuehua, code="1-101").update(floor=9)
    response = client.post(location + "confirm/", follow=True)
    assert "名册已被修改" in response.content.decode()
    assert counts(wuyuehua) == (3, 3, 3)


def test_discarding_leaves_the_roster_alone(alice, wuyuehua):
    client = client_for(alice)
    location = upload(client, wuyuehua, NEW_UNIT)["Location"]
    assert client.post(location + "discard/").status_code == 302
    assert RosterImport.objects.get().status == ImportStatus.DISCARDED
    assert counts(wuyuehua) == (3, 3, 3)
    assert "这次导入已放弃" in client.get(location).content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(alice, wuyuehua, settings):
    settings.HUANJIE_MAX_IMPORT_BYTES = 20 * 1024 * 1024
    response = upload(client_for(alice), wuyuehua, b"unit,area,owners\n" + b"x" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "文件超过 20 MB，未读取" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_file_over_the_limit_without_a_declared_length_is_stopped_by_the_upload_handler(alice, wuyuehua, settings):
    settings.HUANJIE_MAX_IMPORT_BYTES = 1024 * 1024
    # Just over the limit: within the Content-Length allowance, so the handler has to stop it.
    response = upload(client_for(alice), wuyuehua, b"unit,area,owners\n" + b"x" * (1024 * 1024 + 10))
    assert response.status_code == 413
    assert not RosterImport.objects.exists()


def test_charlie_cannot_import_or_export_alices_roster(charlie, alice, wuyuehua):
    client = client_for(charlie)
    staged_location = upload(client_for(alice), wuyuehua, NEW_UNIT)["Location"]
    assert upload(client, wuyuehua, NEW_UNIT).status_code == 404
    assert client.get(f"/c/{wuyuehua.slug}/roster/import/").status_code == 404
    assert client.get(staged_location).status_code == 404
    assert client.post(staged_location + "confirm/").status_code == 404
    assert client.get(f"/c/{wuyuehua.slug}/roster/export.csv").status_code == 404
    assert client.get(f"/c/{wuyuehua.slug}/roster/export.xlsx").status_code == 404
    assert counts(wuyuehua) == (3, 3, 3)


def test_an_owner_cannot_import(olivia, wuyuehua):
    assert upload(client_for(olivia), wuyuehua, NEW_UNIT).status_code == 404


def test_the_supervisor_may_import(wang, wuyuehua):
    assert upload(client_for(wang), wuyuehua, NEW_UNIT).status_code == 302


def test_another_communitys_import_is_not_found_under_this_community(alice, charlie, wuyuehua, elsewhere):
    location = upload(client_for(charlie), elsewhere, NEW_UNIT)["Location"]
    pk = location.rstrip("/").rsplit("/", 1)[1]
    assert client_for(alice).get(f"/c/{wuyuehua.slug}/roster/import/{pk}/").status_code == 404


def test_the_upload_still_checks_the_csrf_token(alice, wuyuehua):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert upload(client, wuyuehua, NEW_UNIT).status_code == 403


def test_the_import_page_lists_an_import_whose_uploader_was_deleted(wuyuehua, alice, bob):
    RosterImport.objects.create(community=wuyuehua, uploaded_by=bob, file_name="旧名册.csv", sha256="0" * 64,
                                base_sha256="0" * 64, rows=[])
    bob.delete()
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/roster/import/")
    assert page.status_code == 200
    assert "旧名册.csv" in page.content.decode()


def test_a_file_removing_a_nominated_owner_names_the_nomination_and_writes_nothing(alice, wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    # 乙先生 of 1-102 is nominated; the file below leaves 1-102 and 乙 out.
    nominate(start_recruitment(reelection=reelection, actor=alice), "1-102", alice)
    client = client_for(alice)
    location = upload(client, wuyuehua, csv_bytes("1-101,1号楼,88.50,wyh-甲,", "1-201,1号楼,65.00,wyh-丙,"))["Location"]
    preview = client.get(location).content.decode()
    assert "乙先生（1-102）" in preview and 'data-testid="removal-blocked"' in preview
    assert 'data-testid="confirm-import"' not in preview
    response = client.post(location + "confirm/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "乙先生（1-102）" in page and "未导入任何内容" in page
    assert counts(wuyuehua) == (3, 3, 3) and RosterImport.objects.get().status == ImportStatus.PENDING
