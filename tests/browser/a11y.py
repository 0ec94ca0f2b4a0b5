"""The accessibility checks the browser tests run in a page: axe-core and our own measurements.

axe-core comes from the npm registry, pinned by tests/browser/package-lock.json (`make test` runs
`npm ci` into tests/browser/node_modules). Both scripts are evaluated by the test harness through
the DevTools protocol, so the page's Content-Security-Policy (script-src 'self') stays on.

    findings = axe(page, care=True)        # ["color-contrast-enhanced (serious): … at .badge", …]
    findings = measure(page, "smallTargets", 44)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHECKS = HERE / "a11y_checks.js"

# WCAG 2.2 level A and AA, as axe tags them; best-practice rules are not among them.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Four best-practice rules that hold defects issue 19 found: headings that skip a level, a page
# without a level-one heading, two navigation regions with the same (or no) name, content outside landmarks.
STRUCTURE = ["heading-order", "page-has-heading-one", "landmark-unique", "region"]
# 关怀版 promises WCAG 2.2 AAA contrast (1.4.6, 7:1 for text).
CARE_ONLY = ["color-contrast-enhanced"]
# The rules whose outcome depends on how the page is drawn (colours, sizes, what scrolls): the only ones
# that can change between 关怀版 and standard (the same HTML but for the root's class) or between widths.
DRAWN = ["color-contrast", "target-size", "scrollable-region-focusable", "link-in-text-block"]
TAP_TARGET_PX = 44  # WCAG 2.5.5 (AAA), promised in 关怀版 on the pages owners use


@cache
def _source(path: Path) -> str:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make test` (it runs `npm ci --prefix tests/browser`).", pytrace=False)
    return path.read_text(encoding="utf-8")


def inject(page: Page) -> None:
    """axe-core and our checks in the page (once per document)."""
    if not page.evaluate("typeof window.axe !== 'undefined' && typeof window.__a11y !== 'undefined'"):
        page.evaluate(_source(AXE))
        page.evaluate(_source(CHECKS))


def axe(page: Page, *, care: bool, drawn_only: bool = False) -> list[str]:
    """axe-core's violations of the WCAG 2.2 A/AA rules (and in 关怀版 the 7:1 contrast rule), one line per rule.

    drawn_only: only the rules that depend on how the page is drawn, for a page whose HTML was checked whole
    in another mode or at another width (axe's run is the sweep's costliest step).
    """
    inject(page)
    extra = DRAWN if drawn_only else STRUCTURE
    tags = [] if drawn_only else WCAG_AA
    violations: list[dict[str, Any]] = page.evaluate(
        """async ({tags, extra}) => {
            const rules = (tags.length ? axe.getRules(tags).map((r) => r.ruleId) : []).concat(extra);
            const options = {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]};
            const result = await axe.run(document, options);
            return result.violations.map((v) => ({id: v.id, impact: v.impact, count: v.nodes.length,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
                why: (v.nodes[0].failureSummary || "").split("\\n").slice(1).join(" ").trim()}));
        }""",
        {"tags": tags, "extra": extra + (CARE_ONLY if care else [])},
    )
    # One line per rule: how many elements, the first three, and why the first fails.
    return [f"{v['id']} ({v['impact']}) ×{v['count']}: {', '.join(v['targets'])} — {v['why']}" for v in violations]


def axe_rules(page: Page, rules: list[str]) -> list[str]:
    """axe-core's violations of the named rules only."""
    inject(page)
    violations: list[dict[str, Any]] = page.evaluate(
        """async (rules) => (await axe.run(document, {runOnly: {type: "rule", values: rules}})).violations
            .map((v) => ({id: v.id, targets: v.nodes.map((n) => n.target.join(" "))}))""", rules)
    return [f"{v['id']}: {', '.join(v['targets'])}" for v in violations]


def measure(page: Page, check: str, *args: Any) -> list[str]:
    """One of a11y_checks.js's checks: smallTargets(px), weakFocus(), brokenReferences(), overflow()."""
    inject(page)
    found: list[str] = page.evaluate(f"(args) => window.__a11y.{check}(...args)", list(args))
    return found
