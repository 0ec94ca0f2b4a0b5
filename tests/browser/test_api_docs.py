"""The API's docs page works with no network and under the site's content security policy."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_load_from_this_server_alone(live_server, page, db, screenshot):
    foreign: list[str] = []
    problems: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
               else (foreign.append(route.request.url), route.abort()))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto(f"{live_server.url}/api/docs")

    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/communities/{slug}/roster/totals").first.wait_for()
    assert foreign == []
    assert problems == []
    screenshot(page, "api-docs")
