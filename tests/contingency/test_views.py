from __future__ import annotations

from huanjie.contingency.models import EventPlan, PlanStatus
from tests.conftest import client_for


def test_alice_creates_a_plan_from_the_form(alice, wuyuehua, reelection):
    response = client_for(alice).post(f"/c/{wuyuehua.slug}/contingency/", {
        "kind": "counting", "starts_at": "2026-12-20T16:00", "venue": "会所", "commander": "李老师",
        "commander_phone": "13800001111"}, follow=True)
    plan = EventPlan.objects.get(kind="counting")
    assert response.redirect_chain[-1][0] == f"/c/{wuyuehua.slug}/contingency/{plan.pk}/"
    assert "票箱封条完好，与保管记录一致" in response.content.decode()


def test_a_bad_phone_number_is_refused_and_nothing_is_written(alice, wuyuehua, reelection):
    page = client_for(alice).post(f"/c/{wuyuehua.slug}/contingency/", {
        "kind": "counting", "starts_at": "2026-12-20T16:00", "venue": "会所", "commander": "李老师",
        "commander_phone": "call me"}).content.decode()
    assert "总负责人电话：请填写电话号码（数字，可含连字符）。" in page
    assert not EventPlan.objects.exists()


def test_starting_with_open_checks_shows_the_reason(alice, wuyuehua, election_plan):
    page = client_for(alice).post(f"/c/{wuyuehua.slug}/contingency/{election_plan.pk}/start/",
                                  follow=True).content.decode()
    assert "还有 7 项会前检查未完成" in page
    election_plan.refresh_from_db()
    assert election_plan.status == PlanStatus.PREPARING


def test_alice_sees_tick_buttons_only_for_her_role(alice, wuyuehua, election_plan):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/contingency/{election_plan.pk}/").content.decode()
    assert page.count('data-testid="tick-') == 4  # the working group's items; the others need wang or a scrutineer


def test_the_pdf_is_served_to_staff(wang, wuyuehua, election_plan):
    response = client_for(wang).get(f"/c/{wuyuehua.slug}/contingency/{election_plan.pk}/plan.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")


def test_the_plans_are_hidden_from_charlie_and_owners(charlie, olivia, wuyuehua, election_plan):
    for user in (charlie, olivia):
        client = client_for(user)
        assert client.get(f"/c/{wuyuehua.slug}/contingency/").status_code == 404
        assert client.get(f"/c/{wuyuehua.slug}/contingency/{election_plan.pk}/plan.pdf").status_code == 404
        assert client.post(f"/c/{wuyuehua.slug}/contingency/{election_plan.pk}/start/").status_code == 404
