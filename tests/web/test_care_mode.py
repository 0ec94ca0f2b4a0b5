from __future__ import annotations


def test_it_turns_on_the_large_text_mode_and_remembers_it(client, db):
    response = client.post("/care/", {"next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-CN" class="care">' in page


def test_it_does_not_redirect_to_another_site(client, db):
    response = client.post("/care/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_switches_the_interface_to_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page
