from __future__ import annotations

from urllib.parse import urlencode

from tests.conftest import client_for


def test_a_nul_in_a_query_string_or_a_plain_form_is_refused_before_any_view(alice):
    client = client_for(alice)
    searched = client.get("/c/wyh/roster/", {"q": "1-1\x0001"})
    assert searched.status_code == 400 and "控制字符" in searched.content.decode()
    posted = client.post("/c/wyh/voting/1/codes/", urlencode({"step": "reissue", "serial": "A\x00B"}),
                         content_type="application/x-www-form-urlencoded")
    assert posted.status_code == 400


def test_ordinary_text_goes_through(alice):
    assert client_for(alice).get("/c/wyh/roster/", {"q": "1-101"}).status_code == 200


def test_a_form_posted_in_another_charset_is_a_400_in_chinese_not_a_server_error(alice, client):
    body = urlencode({"username": "张三", "password": "x"}, encoding="gbk")
    for url, who in (("/accounts/login/", client), ("/accounts/owner/", client), ("/vote/", client),
                     ("/c/wyh/roster/import/", client_for(alice))):
        response = who.post(url, body, content_type="application/x-www-form-urlencoded; charset=gbk")
        assert response.status_code == 400, url
        assert "UTF-8" in response.content.decode() and "编码" in response.content.decode()
