"""The two-community world the crawl builds, shared with the pages' language check (one copy of the fixture)."""

from tests.web.test_crawl import world  # noqa: F401  (a module-scoped fixture)
