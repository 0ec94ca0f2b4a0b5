"""Which pages the accessibility sweep visits, as whom, and at which widths.

The list is not written by hand: every URL pattern of the project is a page to sweep, as the
permission matrix (tests/trust/test_permission_matrix.py) says who may open it, unless it is
named below as a file or a form's target. A page someone adds is swept the day it lands; a file
or POST-only action someone adds fails the sweep, asking to be named in NOT_PAGES.

Layouts: pages owners, voters and the public open are checked on phones (360 and 390 px wide);
staff pages at 1280 px.
"""

from __future__ import annotations

import dataclasses

from tests.trust.test_permission_matrix import ANON, OWN, PAN, SCR, SUP, WG, Endpoint, allowed, endpoints

PHONE, DESKTOP = "phone", "desktop"
PHONE_WIDTHS, DESKTOP_WIDTHS = (360, 390), (1280,)

# Voters carry the voting flow's state in a cookie of their own (voting/views_owner.py).
VOTER_BALLOT, VOTER_REVIEW, VOTER_DONE = "voter:ballot", "voter:review", "voter:done"
# A staff member between the password and the code step of a two-step sign-in.
STAFF_CODE_STEP, STAFF_ENROL_STEP = "staff:code-step", "staff:enrol-step"
# A system administrator (superuser): the pages the matrix gives no role, such as 节假日安排.
SYSTEM_ADMIN = "system_admin"

FILE, ACTION = "a file, not a page", "a form's target: POST only, it answers with a redirect"
NOT_PAGES: dict[str, str] = {
    **dict.fromkeys([
        "web:healthz", "roster:export_csv", "roster:export_xlsx", "ledgers:export", "ledgers:photo",
        "candidate_ledger:export", "candidates:check_file", "candidates:score_sheets_pdf", "candidates:meeting_pdf",
        "notices:pdf", "notices:posting_photo", "notices:objection_evidence", "public_notice:pdf", "voting:tally",
        "voting:filing_pack", "voting:proxy_authorisation", "voting:print_release", "contingency:pdf", "projects:photo",
        "training:material", "charter:text",
        "audit:export_csv", "audit:export_xlsx", "audit_office:export_csv", "audit_office:export_xlsx",
        "reelection:evidence", "audit_public:checkpoints"], FILE),
    **dict.fromkeys([
        "web:care", "accounts:logout", "accounts:two_factor_disable", "set_language", "roster:import_confirm",
        "roster:import_discard", "ledgers:act", "candidates:start", "candidates:settings", "candidates:call_notice",
        "candidates:candidate_notice", "candidates:final_list", "candidates:uncontested", "candidates:arrears",
        "candidates:check", "candidates:check_all",
        "candidates:schedule", "candidates:assign", "candidates:decide", "candidates:meeting_notice",
        "candidates:meeting_roll", "candidates:meeting_sign_in", "candidates:meeting_question",
        "candidates:meeting_answer", "candidates:meeting_minutes", "notices:edit", "notices:publish",
        "notices:withdraw", "notices:draft_roster", "notices:draft_election", "notices:posting",
        "notices:record_objection", "notices:decide", "voting:transition", "voting:count",
        "voting:confirm_release", "voting:withdraw_release", "voting:paper_mode", "voting:proxy_revoke",
        "voting:draft_results_notice", "voting:count_rules", "voting:rules_of_procedure", "voting:dismiss_official",
        "contingency:tick", "contingency:act", "projects:act", "projects:consent", "training:attendance",
        "training:act", "jointoffice:matter_act", "jointoffice:act", "handover:add", "handover:sign", "audit:verify",
        "audit_office:verify", "reelection:stage_done", "reelection:assembly", "personaldata:owner_export",
        "holidays:withdraw", "office:add_supervisor", "office:grant", "office:invite", "office:revoke"], ACTION),
    "office:index": "sends a supervisor on to their street office's page, swept as office:detail",
}
NOT_SWEPT_NAMESPACES = {
    "admin": "Django's admin site, for emergencies only (its pages are Django's, not ours)",
    "api": "the JSON API and its generated documentation",
}

# Who opens a page when the matrix alone does not say it well.
VISITOR_OF: dict[str, str] = {
    "web:home": WG,  # an owner is sent on to their own page, swept as web:owner_home
    "accounts:password_change": WG,  # owners sign in with a code and have no password to change
    "accounts:login_code": STAFF_CODE_STEP, "accounts:login_enrol": STAFF_ENROL_STEP,
    "vote:ballot": VOTER_BALLOT, "vote:review": VOTER_REVIEW, "vote:done": VOTER_DONE,
    "web:scrutiny": SCR,  # the scrutineer's own page
}
PHONE_VISITORS = {ANON, OWN, VOTER_BALLOT, VOTER_REVIEW, VOTER_DONE}
STAFF_ORDER = (WG, SUP, PAN, SCR)


@dataclasses.dataclass(frozen=True)
class SweptPage:
    endpoint: Endpoint
    visitor: str
    status: int = 200

    @property
    def name(self) -> str:
        return self.endpoint.name

    @property
    def layout(self) -> str:
        return PHONE if self.visitor in PHONE_VISITORS else DESKTOP

    @property
    def widths(self) -> tuple[int, ...]:
        return PHONE_WIDTHS if self.layout == PHONE else DESKTOP_WIDTHS


def visitor_of(name: str) -> str:
    """Public pages as a stranger, owners' pages as an owner, staff pages as the first staff role allowed."""
    if name in VISITOR_OF:
        return VISITOR_OF[name]
    may = allowed(name)
    if ANON in may:
        return ANON
    if OWN in may and not may & set(STAFF_ORDER):
        return OWN
    return next((role for role in STAFF_ORDER if role in may), SYSTEM_ADMIN)


def swept(endpoint: Endpoint) -> bool:
    namespace = endpoint.name.split(":", 1)[0] if ":" in endpoint.name else ""
    return endpoint.named and endpoint.name not in NOT_PAGES and namespace not in NOT_SWEPT_NAMESPACES


# Pages that are no URL pattern: the site's own "not found" page, which anyone may meet.
NOT_FOUND = SweptPage(Endpoint("error:404", "", (), named=False), ANON, status=404)


def pages() -> list[SweptPage]:
    return [SweptPage(e, visitor_of(e.name)) for e in endpoints() if swept(e)] + [NOT_FOUND]
