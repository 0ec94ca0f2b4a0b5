"""Random data posted through every form the site shows: never a server error, and a refusal writes nothing.

Every page of community A (the permission matrix's URLs) is opened as each visitor who may see
it; every <form method="post"> on it is collected with its fields, the options of its selects
and its hidden values. Each form is then posted a few times with random values (the options,
text with control characters, 10,000-character strings, numbers past their bounds, random
files) through the test client, each post in a savepoint rolled back afterwards. The answer
must be a page (200), a redirect, 400, 404 or 413 — never an exception — and when the answer
says the data was refused (the form shown again with its errors, or an error message), nothing
was written: no audit record and no row in any table.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.trust.fuzz_strategies import (
    TEXT,
    Tally,
    fuzz_report,  # noqa: F401  (prints the examples run)
    fuzz_settings,
)
from tests.trust.test_fuzz_forms import DATES, INTEGERS, upload
from tests.trust.test_permission_matrix import (  # noqa: F401  (world is the module's fixture)
    ANON,
    OWN,
    PAN,
    SCR,
    SUP,
    WG,
    allowed,
    client_as,
    endpoints,
    kwargs_for,
    url_of,
    without_object,
    world,
)

POSTS_PER_FORM = 3
VISITORS = (WG, SUP, SCR, PAN, OWN, ANON)
# Forms that sign someone out or switch the language: posting them changes who walks the rest.
SKIP_ACTIONS = ("/accounts/logout/", "/i18n/setlang/", "/admin/")
ANSWERS = {200, 301, 302, 303, 400, 404, 409, 413}
# Pages that write by design even when they refuse what was posted: the write check does not apply.
WRITES_WHEN_SHOWN = {
    "/accounts/two-factor/enrol/": "keeps a pending authenticator secret the first time the page is shown",
    "/accounts/login/": "counts the failed sign-in, for throttling",
}


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    options: tuple[str, ...] = ()
    value: str = ""


@dataclasses.dataclass(frozen=True)
class PostForm:
    visitor: str
    action: str
    fields: tuple[Field, ...]

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.visitor, urlsplit(self.action).path, tuple(sorted(f.name for f in self.fields))


class Forms(HTMLParser):
    """The POST forms of a page, with their fields."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[tuple[str, list[Field]]] = []
        self._form: tuple[str, list[Field]] | None = None
        self._select: tuple[str, bool, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = (urljoin(self.page, a.get("action") or self.page), [])
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "reset", "image"):
            if a["name"] != "csrfmiddlewaretoken":
                self._form[1].append(Field(a["name"], a.get("type", "text").lower(), (), a.get("value", "")))
        elif tag == "textarea":
            self._form[1].append(Field(a["name"], "textarea"))
        elif tag == "select":
            self._select = (a["name"], "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._select[2].append(a.get("value", ""))
        elif tag == "button" and a.get("value"):
            self._form[1].append(Field(a["name"], "button", (a["value"],)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options = self._select
            self._form[1].append(Field(name, "select-multiple" if multiple else "select", tuple(options)))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.found.append(self._form)
            self._form = None


def merged(fields: list[Field]) -> tuple[Field, ...]:
    """Radio buttons and checkboxes of one name become one field with their values as options."""
    by_name: dict[str, Field] = {}
    for f in fields:
        if f.name in by_name and f.kind in ("radio", "checkbox", "button"):
            known = by_name[f.name]
            by_name[f.name] = dataclasses.replace(known, options=(*known.options, f.value or "on", *f.options))
        elif f.kind in ("radio", "checkbox"):
            by_name[f.name] = dataclasses.replace(f, options=(f.value or "on",))
        else:
            by_name.setdefault(f.name, f)
    return tuple(by_name.values())


def harvest(world: Any) -> list[PostForm]:  # noqa: F811
    """Every POST form on every page of community A, as each visitor allowed there sees it."""
    found: dict[tuple[str, str, tuple[str, ...]], PostForm] = {}
    for visitor in VISITORS:
        client = client_as(world, visitor)
        for endpoint in endpoints():
            if visitor not in allowed(endpoint.name) or without_object(endpoint, world.ids):
                continue
            url = url_of(endpoint, kwargs_for(endpoint, world.ids, world.a.slug))
            if url.startswith(SKIP_ACTIONS) or url.startswith("/api/"):
                continue
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = Forms(url)
            parser.feed(response.content.decode())
            for action, fields in parser.found:
                if urlsplit(action).path.startswith(SKIP_ACTIONS):
                    continue
                form = PostForm(visitor, action, merged(fields))
                found.setdefault(form.key, form)
    return list(found.values())


def value_for(field: Field) -> st.SearchStrategy[list[Any]]:
    one: st.SearchStrategy[Any]
    if field.kind == "file":
        return st.lists(upload(), min_size=1, max_size=1)
    if field.kind in ("select", "radio", "checkbox", "button", "select-multiple") and field.options:
        one = st.sampled_from(field.options) | INTEGERS | TEXT
        if field.kind in ("select-multiple", "checkbox"):
            return st.lists(one, max_size=4)
    elif field.kind == "number":
        one = INTEGERS | TEXT
    elif field.kind in ("date", "datetime-local", "time"):
        one = DATES | TEXT
    elif field.kind == "hidden":
        one = st.just(field.value) | TEXT
    else:
        one = TEXT
    return st.lists(one, min_size=1, max_size=1) | st.lists(one, min_size=2, max_size=2)


@st.composite
def post_data(draw: st.DrawFn, form: PostForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in form.fields:
        if draw(st.integers(0, 7)) == 0:
            continue
        values = draw(value_for(f))
        data[f.name] = values if len(values) != 1 else values[0]
    return data


def rows_everywhere() -> tuple[int, ...]:
    """The number of rows of every table, in one query: a refused post must not change any.

    One row of counts, a column per table: the rows of a UNION ALL come in no set order, and
    PostgreSQL, once its statistics say the tables are large enough, counts them in parallel
    and returns them in whatever order its workers finish (that made this test flaky there).
    """
    tables = sorted(m._meta.db_table for m in apps.get_models() if m._meta.managed)
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def refused(response: Any) -> bool:
    """The answer says the data was not taken: errors on the page shown again, or an error message."""
    if response.status_code in (400, 413):
        return True
    messages = list(getattr(response.wsgi_request, "_messages", []))
    if response.status_code in (301, 302, 303):
        return bool(messages) and all(m.level >= constants.ERROR for m in messages)
    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return 'class="errorlist' in body and not any(m.level == constants.SUCCESS for m in messages)


HARVESTED: list[PostForm] = []


@pytest.fixture
def harvested(world, db):  # type: ignore[no-untyped-def]  # noqa: F811
    """Collected once per module, inside a test's database access (a module fixture has none)."""
    if not HARVESTED:
        HARVESTED.extend(harvest(world))
    return HARVESTED


def test_the_pages_show_many_forms_to_fuzz(harvested):  # type: ignore[no-untyped-def]
    assert len(harvested) > 60, len(harvested)
    assert {f.visitor for f in harvested} >= {WG, SUP, SCR, PAN, OWN, ANON}


def fuzzer(form: PostForm, client: Any, tally: Tally) -> Any:
    @given(data=post_data(form))
    @fuzz_settings(POSTS_PER_FORM)
    def fuzz(data: dict[str, Any]) -> None:
        tally()
        cookies = SimpleCookie(client.cookies)
        with transaction.atomic():
            before = rows_everywhere()
            response = client.post(urlsplit(form.action).path, data)
            assert response.status_code in ANSWERS, f"answered {response.status_code}"
            if refused(response) and urlsplit(form.action).path not in WRITES_WHEN_SHOWN:
                assert rows_everywhere() == before, "a refused post wrote rows"
            transaction.set_rollback(True)
        client.cookies = cookies  # a post that signs in or out must not change who posts next

    return fuzz


def test_posting_random_data_to_every_form_never_fails_and_a_refusal_writes_nothing(world, harvested, db):  # type: ignore[no-untyped-def]  # noqa: F811
    tally = Tally("views: every form posted")
    failures: list[str] = []
    for form in harvested:
        try:
            fuzzer(form, client_as(world, form.visitor), tally)()
        except Exception as error:  # every form is tried; the failures are listed together
            failures.append(f"{form.visitor} POST {form.action} {[f.name for f in form.fields]}: "
                            f"{type(error).__name__}: {str(error)[:1500]}")
    tally.done()
    assert failures == [], "\n\n".join(failures)


@pytest.mark.parametrize("target", ["0", "roster:detail", "admin", "", "https://evil.example/", "//evil.example/"])
def test_the_care_switch_sends_anything_but_a_local_path_home(client, target):  # type: ignore[no-untyped-def]
    """toggle_care passed next="0" to redirect(), which took it for a view name: NoReverseMatch, a 500."""
    response = client.post("/care/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.post("/care/", {"next": "/c/wyh/roster/"})["Location"] == "/c/wyh/roster/"
