"""`huanjie demo` prints its links at the address the server really listens on (make run passes HOST:PORT)."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from huanjie.demo.build import load_demo


def test_it_prints_the_links_at_the_address_it_is_given(db):
    load_demo(today=date(2026, 11, 29))
    out = StringIO()
    call_command("demo", "--if-absent", "--address", "http://0.0.0.0:9000/", stdout=out)
    printed = out.getvalue()
    for path in ("/accounts/login/", "/accounts/owner/", "/vote/"):
        assert f"http://0.0.0.0:9000{path}" in printed
    assert ":8000" not in printed
