"""A street office sets its communities up in the app: the community, its people and roles, the re-election.

Wang supervises 芷江西路街道 (五月花 is one of its communities); Charlie works on 别处小区 of another
street office; Alice is on 五月花's working group.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from huanjie.accounts.models import Membership, Role
from huanjie.audit.models import AuditRecord
from huanjie.office import services
from huanjie.office.errors import NotInvitable, RoleAlreadyHeld
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community
from tests.conftest import client_for


def messages_of(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"])


def test_a_supervisor_creates_a_community_and_lands_on_its_set_up_checklist(wang, office):
    client = client_for(wang)
    response = client.post(f"/office/{office.code}/", {"name": "静安新城", "residents_committee": "静安新城居民区",
                                                      "address": "", "building_area": ""}, follow=True)
    community = Community.objects.get(name="静安新城")
    assert community.street_office == office and community.slug.startswith(f"{office.code}-")
    assert response.redirect_chain[-1][0] == f"/c/{community.slug}/"
    page = response.content.decode()
    steps = re.findall(r'data-step="(\w+)" data-done="(\w+)"', page)
    assert steps == [("roster", "no"), ("working_group", "no"), ("reelection", "no"), ("letters", "no"),
                     ("panel", "no"), ("visits", "no"), ("candidates", "no")]
    assert f'href="/c/{community.slug}/people/"' in page and f'href="/c/{community.slug}/reelection/start/"' in page
    assert AuditRecord.objects.filter(code="office.community.created", community_id=community.pk).exists()


def test_another_street_office_s_supervisor_gets_a_404_everywhere(wang, office, elsewhere):
    client = client_for(wang)
    assert client.get(f"/office/{elsewhere.street_office.code}/").status_code == 404
    for url in ("people/", "reelection/start/"):
        assert client.get(f"/c/{elsewhere.slug}/{url}").status_code == 404
    assert client.post(f"/office/{elsewhere.street_office.code}/", {"name": "偷建"}).status_code == 404
    assert not Community.objects.filter(name="偷建").exists()


def test_the_working_group_cannot_grant_roles_or_start_a_re_election(alice, wuyuehua):
    client = client_for(alice)
    assert client.get(f"/c/{wuyuehua.slug}/people/").status_code == 404
    assert client.post(f"/c/{wuyuehua.slug}/reelection/start/", {"term_number": 2, "term_end": "2027-06-30"}
                       ).status_code == 404
    assert not Reelection.objects.exists()


def test_a_new_person_gets_several_roles_and_sets_their_password_from_the_invitation(wang, wuyuehua):
    client = client_for(wang)
    response = client.post(f"/c/{wuyuehua.slug}/people/", {
        "account": "13912345678", "full_name": "李老师", "roles": ["working_group", "scrutineer"]}, follow=True)
    user = get_user_model().objects.get(username="13912345678")
    assert not user.has_usable_password()
    assert set(Membership.objects.filter(user=user, community=wuyuehua).values_list("role", flat=True)) == {
        "working_group", "scrutineer"}
    link = re.search(r"http://testserver(/welcome/\S+/)", messages_of(response)).group(1)

    newcomer = Client()
    form = newcomer.get(link, follow=True)
    assert "您的登录账号是 13912345678" in form.content.decode()
    done = newcomer.post(form.redirect_chain[-1][0], {"new_password1": "lao-shi-2026-mima", "new_password2":
                                                      "lao-shi-2026-mima"}, follow=True)
    assert done.redirect_chain[-1][0] == "/accounts/login/"
    assert newcomer.login(username="13912345678", password="lao-shi-2026-mima")
    assert newcomer.get(link).status_code in (200, 302)
    assert "已经用过" in newcomer.get(link, follow=True).content.decode()  # the link works once


def test_an_existing_account_is_found_by_its_sign_in_name_and_given_the_role(wang, wuyuehua, alice):
    client_for(wang).post(f"/c/{wuyuehua.slug}/people/", {"account": "alice", "full_name": "", "roles": ["panelist"]})
    assert set(Membership.objects.filter(user=alice).values_list("role", flat=True)) == {"working_group", "panelist"}
    assert get_user_model().objects.count() == 2  # no new account for Alice


def test_a_role_is_held_once_and_saying_so_changes_nothing(wang, wuyuehua, alice):
    with pytest.raises(RoleAlreadyHeld, match="已是换届改选小组成员"):
        services.grant_role(user=alice, role=Role.WORKING_GROUP, community=wuyuehua, actor=wang)
    response = client_for(wang).post(f"/c/{wuyuehua.slug}/people/{alice.pk}/grant/", {"role": "working_group"},
                                     follow=True)
    assert "已是换届改选小组成员" in messages_of(response)
    assert Membership.objects.filter(user=alice).count() == 1


def test_revoking_a_role_is_audited_and_closes_the_community_to_that_person(wang, wuyuehua, alice):
    membership = Membership.objects.get(user=alice)
    client_for(wang).post(f"/c/{wuyuehua.slug}/people/roles/{membership.pk}/revoke/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditRecord.objects.filter(code="office.role.revoked").exists()
    assert client_for(alice).get(f"/c/{wuyuehua.slug}/roster/").status_code == 404


def test_an_invitation_is_refused_for_someone_who_set_their_own_password(wang, wuyuehua, alice):
    with pytest.raises(NotInvitable):
        services.issue_invitation(user=alice, actor=wang, community=wuyuehua)


def test_the_supervisor_starts_a_re_election_with_its_term_dates(wang, wuyuehua):
    client = client_for(wang)
    response = client.post(f"/c/{wuyuehua.slug}/reelection/start/", {
        "term_number": 2, "term_end": "2027-06-30", "assembly_date": ""}, follow=True)
    reelection = Reelection.objects.get(community=wuyuehua)
    assert (reelection.term_number, reelection.term_end) == (2, date(2027, 6, 30))
    assert response.redirect_chain[-1][0] == f"/c/{wuyuehua.slug}/progress/"
    assert AuditRecord.objects.filter(code="reelection.started").exists()
    again = client.post(f"/c/{wuyuehua.slug}/reelection/start/", {"term_number": 2, "term_end": "2027-06-30"})
    assert "第 2 届业委会的换届已经启动" in again.content.decode()
    late = client.post(f"/c/{wuyuehua.slug}/reelection/start/", {
        "term_number": 3, "term_end": "2027-06-30", "assembly_date": "2027-07-01"})
    assert "不在本届任期届满日 2027-06-30 之前" in late.content.decode()
    assert Reelection.objects.count() == 1


def test_the_checklist_marks_each_step_done_as_it_is_done(wang, wuyuehua, alice):
    Membership.objects.create(user=get_user_model().objects.create_user("pan"), role=Role.PANELIST,
                              community=wuyuehua)
    page = client_for(wang).get(f"/c/{wuyuehua.slug}/").content.decode()
    done = dict(re.findall(r'data-step="(\w+)" data-done="(\w+)"', page))
    assert done["roster"] == "yes" and done["working_group"] == "yes" and done["reelection"] == "no"
    assert done["panel"] == "no"  # a panel but no scrutineer yet


def test_a_system_administrator_sets_up_a_street_office_and_its_supervisor(db):
    admin = get_user_model().objects.create_superuser("root", password="x")
    client = client_for(admin)
    response = client.post("/office/", {"name": "曹家渡街道"}, follow=True)
    office = response.context["office"]
    assert office.name == "曹家渡街道"
    client.post(f"/office/{office.code}/supervisors/", {"account": "13800001111", "full_name": "周主任"})
    supervisor = get_user_model().objects.get(username="13800001111")
    assert Membership.objects.filter(user=supervisor, role=Role.SUPERVISOR, street_office=office).exists()
    assert client_for(supervisor).get("/office/").url == f"/office/{office.code}/"


def test_a_supervisor_cannot_make_supervisors(wang, office):
    client_for(wang).post(f"/office/{office.code}/supervisors/", {"account": "13800001111", "full_name": "周主任"})
    assert not get_user_model().objects.filter(username="13800001111").exists()
