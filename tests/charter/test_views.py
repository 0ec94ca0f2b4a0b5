"""The staff page records versions; owners read the versions in force and nothing else."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huanjie.charter.models import CharterDocument
from tests.conftest import client_for, make_user
from tests.rules_of_procedure import adopt_rules_of_procedure

RULES = "五月花业主大会议事规则\n第十二条 业主可以网上表决。\n".encode()


def post(client, slug, **extra):  # type: ignore[no-untyped-def]
    data = {"kind": "rules_of_procedure", "version": "2026年修订版", "adopted_on": "2026-05-09",
            "adopted_by": "2026年第一次业主大会第2项", "join": "identical-owners", "write_in": "ignore-name",
            "file": SimpleUploadedFile("rules.txt", RULES)} | extra
    return client.post(reverse("charter:index", args=[slug]), data, follow=True)


def test_the_working_group_records_a_version_and_sees_it_in_force(wuyuehua, alice):
    response = post(client_for(alice), wuyuehua.slug, online_voting="on", online_voting_decision="同上")
    assert "已登记" in response.content.decode()
    document = CharterDocument.objects.get(community=wuyuehua, version="2026年修订版")
    assert document.online_voting and document.uploaded_by == alice
    page = client_for(alice).get(reverse("charter:index", args=[wuyuehua.slug])).content.decode()
    assert "2026年修订版" in page and "现行" in page


def test_a_refusal_is_shown_in_chinese_and_nothing_is_recorded(wuyuehua, alice):
    response = post(client_for(alice), wuyuehua.slug, kind="covenant", join="shared-owner")
    assert "管理规约中不设置" in response.content.decode()
    assert not CharterDocument.objects.filter(version="2026年修订版").exists()


def test_the_street_office_sees_the_page_and_another_community_does_not(wuyuehua, wang, charlie):
    assert client_for(wang).get(reverse("charter:index", args=[wuyuehua.slug])).status_code == 200
    assert client_for(charlie).get(reverse("charter:index", args=[wuyuehua.slug])).status_code == 404
    assert post(client_for(charlie), wuyuehua.slug).status_code == 404


def test_owners_read_the_versions_in_force_but_not_older_ones(wuyuehua, olivia):
    older = CharterDocument.objects.get(community=wuyuehua)
    newer = adopt_rules_of_procedure(wuyuehua, version="2024年版", adopted_on=date(2024, 4, 1))
    client = client_for(olivia)
    page = client.get(reverse("charter:owner_index", args=[wuyuehua.slug])).content.decode()
    assert "2024年版" in page and "2020年版" not in page
    assert client.get(reverse("charter:text", args=[wuyuehua.slug, newer.pk])).status_code == 200
    assert client.get(reverse("charter:text", args=[wuyuehua.slug, older.pk])).status_code == 404
    assert client.get(reverse("charter:index", args=[wuyuehua.slug])).status_code == 404


def test_a_panelist_sees_nothing(wuyuehua):
    panelist = make_user("pan", "panelist", community=wuyuehua)
    assert client_for(panelist).get(reverse("charter:index", args=[wuyuehua.slug])).status_code == 404
