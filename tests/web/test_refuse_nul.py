from __future__ import annotations

from urllib.parse import urlencode

from tests.conftest import client_for


def test_a_nul_in_a_query_string_or_a_plain_form_is_refused_before_any_view(alice):
    client = client_for(alice)
    searched = client.get("/c/wyh/roster/", {"q": "1-1\x0001"})
    assert searched.status_code == 400 and "控制字符" in searched.content.decode()
    posted = client.post("/c/wyh/voting/1/ballot.pdf", urlencode({"serial": "A\x00B"}),
                         content_type="application/x-www-form-urlencoded")
    assert posted.status_code == 400


def test_ordinary_text_goes_through(alice):
    assert client_for(alice).get("/c/wyh/roster/", {"q": "1-101"}).status_code == 200
