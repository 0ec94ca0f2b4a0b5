"""Schemathesis against the API's own OpenAPI document: every operation, generated requests.

Signed in as Alice (working group of 五月花). Each request must not fail with a server error,
must answer with a status code the document lists, and its body must match the documented
schema. The community in the path is drawn from Alice's, Charlie's and made-up slugs, so that
both the 200 and the 404 answers are exercised.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from huanjie.api.api import api
from huanjie.reelection.models import Reelection
from huanjie.roster.models import RosterImport
from tests.conftest import client_for


class Site:
    """The Django site as a WSGI app for schemathesis, like Django's test client runs it.

    Built at the first request, because middleware reads SECURE_SSL_REDIRECT when it is made and
    the test settings (tests/conftest.py) apply only once a test runs. Like the test client, it
    keeps the request signals from closing the database connection the test's transaction is on.
    """

    handler: WSGIHandler | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if self.handler is None:
            self.handler = WSGIHandler()
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# The document /api/openapi.json serves (test_openapi_document checks that it is served).
# Loaded at import: schemathesis's lazy fixture loader does not run under pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = Site()


@schema.auth(refresh_interval=None)
class AliceSession:
    """Every request signed in as Alice; schemathesis itself probes the same requests without it."""

    def get(self, case: Any, context: Any) -> str:
        alice = get_user_model().objects.get(username="alice")
        return client_for(alice).cookies["sessionid"].value

    def set(self, case: Any, data: str, context: Any) -> None:
        case.cookies = {**(case.cookies or {}), "sessionid": data}


@pytest.fixture
def data(alice, wuyuehua, elsewhere) -> None:  # type: ignore[no-untyped-def]
    RosterImport.objects.create(community=wuyuehua, uploaded_by=alice, file_name="名册.xlsx", sha256="a" * 64,
                                base_sha256="b" * 64, rows=[], summary={"added": 3})
    Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))


def imports_of(slug: str) -> list[int]:
    return list(RosterImport.objects.filter(community__slug=slug).values_list("pk", flat=True))


@schema.parametrize()
@schema.given(slug=st.sampled_from(["wyh", "else", None]), pick=st.integers(min_value=0, max_value=3))
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_operation_keeps_to_the_openapi_document(case: Any, slug: str | None, pick: int, data: None) -> None:
    # None keeps the generated slug (almost always unknown: a 404); otherwise a real community.
    if slug is not None and "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = slug
        ids = imports_of(slug)
        if "import_id" in case.path_parameters and ids and pick:
            case.path_parameters["import_id"] = ids[pick % len(ids)]
    case.call_and_validate()
