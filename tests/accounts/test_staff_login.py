from __future__ import annotations

from tests.conftest import PASSWORD


def test_it_logs_alice_in_with_her_password(client, alice):
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_it_locks_the_name_out_after_five_failures(client, alice, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "尝试次数过多" in response.content.decode()


def test_a_success_clears_earlier_failures_of_the_name(client, alice, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 302


def test_logout_needs_a_post(client, alice):
    client.force_login(alice)
    assert client.get("/accounts/logout/").status_code == 405


def test_a_name_at_the_longest_a_user_name_may_be_locks_out_like_any_other(client, db, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 3
    name = "张" * 150  # longer than the throttle keeps as typed: stored by its digest
    for _ in range(3):
        client.post("/accounts/login/", {"username": name, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": name, "password": "wrong"})
    assert "尝试次数过多" in response.content.decode()


def test_a_name_too_long_or_with_a_nul_is_refused_as_a_form_error_not_a_server_error(client, db):
    for name in ("张" * 5000, "alice\x00"):
        assert client.post("/accounts/login/", {"username": name, "password": "wrong"}).status_code == 200


def test_the_admin_sign_in_is_throttled_too_and_failures_on_both_pages_count_together(client, admin_user, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 4
    for page in ("/accounts/login/", "/admin/login/") * 2:
        client.post(page, {"username": admin_user.username, "password": "wrong"})
    response = client.post("/admin/login/", {"username": admin_user.username, "password": "password"})
    assert response.status_code == 200
    assert "尝试次数过多" in response.content.decode()


def test_a_post_without_a_password_neither_counts_nor_clears_the_failures(client, alice, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        client.post("/accounts/login/", {"username": "alice", "password": ""})  # would clear them if it "succeeded"
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert "尝试次数过多" in response.content.decode()
