"""The permission matrix of docs/permissions.md, walked over every URL pattern of the project.

Community A is the 五月花 demo (every kind of object exists there); community B is a small
community of another street office, with Charlie on its working group. Every URL pattern found in
the URLconf is requested as each of seven visitors; POST-only views are POSTed (empty forms), each
request in a savepoint that is rolled back, so nothing one request does is seen by the next.

A visitor the matrix allows must get the page (anything but 404/401/403 or the sign-in page); a
visitor it does not allow must get a 404 (signed in; the sign-in page for the admin site, 401 for
the API) or, when anonymous, the sign-in page. Charlie is also sent to his own community's URLs
with A's object ids in them: each must answer 404, so no view looks an object up by id alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, timedelta
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from huanjie.accounts.models import Membership, Role
from huanjie.candidates.models import Assignment, EligibilityCheck, Meeting, MeetingQuestion
from huanjie.candidates.selectors import meeting_candidates
from huanjie.charter.models import CharterDocument, DocumentKind
from huanjie.contingency.models import ChecklistItem
from huanjie.demo.build import load_demo
from huanjie.demo.users import DEMO_OWNER_UNIT
from huanjie.handover.models import Handover, HandoverItem
from huanjie.jointoffice.models import Matter
from huanjie.ledgers.models import Demand, DemandPhoto
from huanjie.notices.models import Notice, Objection, Posting
from huanjie.projects.models import ProjectPhoto
from huanjie.reelection.models import StageProgress
from huanjie.roster.models import Community, ImportStatus, RosterImport, StreetOffice, Unit
from huanjie.training.models import Material, Session
from huanjie.voting.models import Assembly, BallotBox, ContestKind, Official, PaperReading
from huanjie.voting.services import add_contest, close_voting, count_assembly, create_assembly, open_voting
from tests.announce import announce_vote
from tests.conftest import make_community
from tests.voting.conftest import open_boxes, seal_first_box

SUP, WG, PAN, SCR, OWN, OTHER, ANON = (
    "supervisor", "working_group", "panelist", "scrutineer", "owner", "other_community", "anonymous")
VISITORS = (SUP, WG, PAN, SCR, OWN, OTHER, ANON)

PUBLIC = frozenset(VISITORS)
SIGNED_IN = PUBLIC - {ANON}
STAFF = frozenset({SUP, WG})
VIEWERS = STAFF | {SCR}
TELLERS = frozenset({WG, SCR})
OWNERS = frozenset({OWN})
PANEL = frozenset({PAN})
NOBODY: frozenset[str] = frozenset()

# Who may open each page of community A. Keys are URL names, "namespace:*" for a whole app; the
# same table is docs/permissions.md. A URL pattern with no entry here fails the test.
MATRIX: dict[str, frozenset[str]] = {
    "web:home": SIGNED_IN, "web:community": SIGNED_IN - {OTHER}, "web:owner_home": OWNERS,
    "web:scrutiny": VIEWERS, "web:care": PUBLIC,
    "web:healthz": PUBLIC,
    "accounts:login": PUBLIC, "accounts:owner_login": PUBLIC, "accounts:logout": PUBLIC,
    "accounts:password_change": SIGNED_IN,
    # The code step of a two-step sign-in: without the password step first, the sign-in page (signed in: home).
    "accounts:login_code": SIGNED_IN, "accounts:login_enrol": SIGNED_IN,
    "accounts:two_factor": SIGNED_IN - OWNERS, "accounts:two_factor_enrol": SIGNED_IN - OWNERS,
    "accounts:two_factor_disable": SIGNED_IN - OWNERS,
    "roster:*": STAFF, "letters:*": STAFF, "visits:*": STAFF, "ledgers:*": STAFF, "ledgers:mine": OWNERS,
    "candidate_ledger:*": STAFF,
    "candidates:*": STAFF, "candidates:panel_home": PANEL, "candidates:score": PANEL,
    "candidates:mine": OWNERS, "candidates:self_nominate": OWNERS, "candidates:owner_meeting": OWNERS,
    "candidates:joint_list": OWNERS, "candidates:cosign": OWNERS,
    "notices:*": STAFF, "notices:owner_index": OWNERS, "notices:owner_detail": OWNERS,
    "public_notice:*": PUBLIC,
    "voting:*": VIEWERS, "voting:transition": STAFF, "voting:print": STAFF,
    # Four eyes on voting codes: staff ask; a scrutineer or the street office confirms; either of the two prints.
    "voting:confirm_release": frozenset({SUP, SCR}), "voting:withdraw_release": VIEWERS,
    "voting:print_release": VIEWERS, "voting:proxies": STAFF, "voting:proxy_ballot": STAFF,
    "voting:proxy_revoke": STAFF,
    "voting:proxy_authorisation": STAFF, "voting:door": STAFF, "voting:draft_results_notice": STAFF,
    "voting:filing_pack": STAFF, "voting:paper_mode": STAFF, "voting:count_rules": STAFF,
    "voting:rules_of_procedure": STAFF,
    "voting:dismiss_official": STAFF,
    "voting:entry": TELLERS, "voting:resolve": TELLERS, "voting:count": TELLERS,
    "vote:*": PUBLIC,
    "contingency:*": VIEWERS, "contingency:act": STAFF,
    "projects:*": STAFF, "projects:owner_index": OWNERS, "projects:photo": STAFF | OWNERS,
    "projects:consent": frozenset({SUP}),
    "charter:*": STAFF, "charter:owner_index": OWNERS, "charter:text": STAFF | OWNERS,
    "training:*": STAFF, "jointoffice:*": STAFF, "handover:*": STAFF,
    "reelection:*": STAFF, "reelection:office": frozenset({SUP}),
    "audit:*": STAFF, "audit:verify": frozenset({SUP}), "audit_office:*": frozenset({SUP}),
    "audit_public:*": PUBLIC,  # the signed checkpoints: counts and hashes, no personal data
    "personaldata:owner_export": OWNERS, "personaldata:retention": frozenset({SUP}),
    "personaldata:office": frozenset({SUP}),
    "holidays:*": NOBODY,  # system administrators (superusers) only
    "office:*": frozenset({SUP}), "office:add_supervisor": NOBODY, "office:welcome": PUBLIC,
    "set_language": PUBLIC,
    "api:openapi-json": PUBLIC, "api:openapi-view": PUBLIC, "api:health": PUBLIC,
    "api:list_communities": SIGNED_IN, "api:*": STAFF, "api:api-root": NOBODY, "api:": NOBODY,
    "admin:login": PUBLIC, "admin:logout": PUBLIC, "admin:*": NOBODY,
}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
# Views that answer 404 to an empty POST (an unknown action) get a real one.
POST_DATA = {"candidates:decide": {"action": "withdraw"}, "notices:decide": {"action": "investigate"}}


def allowed(name: str) -> frozenset[str]:
    if name in MATRIX:
        return MATRIX[name]
    namespace = name.split(":", 1)[0]
    if f"{namespace}:*" in MATRIX:
        return MATRIX[f"{namespace}:*"]
    raise AssertionError(f"URL {name!r} is not in the permission matrix (docs/permissions.md)")


@dataclasses.dataclass(frozen=True)
class Endpoint:
    name: str  # "namespace:name", or the route for an unnamed pattern
    route: str
    params: tuple[str, ...]
    named: bool


def endpoints() -> list[Endpoint]:
    found: dict[str, Endpoint] = {}

    def walk(patterns: list[Any], route: str, namespace: str, params: tuple[str, ...]) -> Iterator[Endpoint]:
        for p in patterns:
            own = tuple(p.pattern.converters) if isinstance(p.pattern, RoutePattern) else tuple(
                p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, route + str(p.pattern), inner, params + own)
            elif isinstance(p, URLPattern):
                name = f"{namespace}{p.name}" if p.name else f"{namespace}"
                yield Endpoint(name, route + str(p.pattern), params + own, bool(p.name))

    for endpoint in walk(get_resolver().url_patterns, "", "", ()):
        found.setdefault(endpoint.name if endpoint.named else endpoint.route, endpoint)
    return list(found.values())


@dataclasses.dataclass
class World:
    a: Community
    b: Community
    users: dict[str, Any]
    ids: dict[str, Any]


def _file(name: str) -> ContentFile[bytes]:
    return ContentFile(b"evidence", name=name)


def _objects_of(a: Community, panelist: Any, uploader: Any) -> dict[str, Any]:
    """One object of A for every id a URL takes; the demo lacks a few, which are made here."""
    notice = Notice.objects.filter(community=a, objections__isnull=False, postings__isnull=False).first()
    posting = Posting.objects.filter(notice=notice).first()
    posting.photo.save("posting.jpg", _file("posting.jpg"))
    objection = Objection.objects.filter(notice=notice).first()
    objection.evidence.save("objection.pdf", _file("objection.pdf"))
    check = EligibilityCheck.objects.filter(community=a).first()
    check.evidence_file.save("check.pdf", _file("check.pdf"))
    stage = StageProgress.objects.filter(community=a).first()
    stage.evidence_type = "application/pdf"
    stage.evidence.save("stage.pdf", _file("stage.pdf"))
    demand = Demand.objects.filter(community=a).first()
    photo = DemandPhoto(community=a, demand=demand, content_type="image/jpeg")
    photo.image.save("demand.jpg", _file("demand.jpg"))
    staged = RosterImport.objects.create(community=a, file_name="名册.xlsx", sha256="0" * 64, base_sha256="0" * 64,
                                         rows=[], uploaded_by=uploader, status=ImportStatus.DISCARDED)
    assembly = Assembly.objects.filter(community=a).first()
    reading = PaperReading.objects.create(community=a, assembly=assembly, paper=assembly.papers.first(),
                                          box=BallotBox.objects.filter(assembly=assembly).first())
    official = Official.objects.create(community=a, assembly=assembly, duty="scrutineer", name="赵阿姨")
    item = ChecklistItem.objects.filter(community=a).first()
    counted = _counted_assembly(a, uploader)
    meeting = Meeting.objects.filter(community=a).first()
    question = MeetingQuestion.objects.filter(meeting=meeting).first()
    own = Assignment.objects.filter(panelist__user=panelist).first()
    return {
        "slug": a.slug, "code": a.street_office.code, "token": notice.public_token,
        "roster.pk": staged.pk, "api.import_id": staged.pk,
        "ledgers.number": demand.number, "ledgers.action": "start", "ledgers.pk": photo.pk,
        "candidates.pk": check.candidate_id, "candidates.check_pk": check.pk, "candidates:score.pk": own.pk,
        "notices.pk": notice.pk, "notices.posting_pk": posting.pk, "notices.objection_pk": objection.pk,
        "voting.pk": assembly.pk, "voting.action": "close", "voting.reading": reading.pk,
        "voting.official": official.pk,
        **{f"voting:{name}.pk": counted.pk for name in ("results", "tally", "results_notices", "draft_results_notice",
                                                        "filing_pack")},
        **{f"candidates:{name}.pk": meeting.pk if meeting else MISSING for name in (
            "meeting", "meeting_notice", "meeting_roll", "meeting_sign_in", "meeting_question", "meeting_answer",
            "meeting_minutes", "meeting_pdf")},
        "candidates.question_pk": question.pk if question else MISSING,
        "candidates:cosign.pk": MISSING,  # the demo has no joint nomination open for co-signing
        "post:candidates:meeting_roll": {"candidate": str(meeting_candidates(meeting)[0].pk) if meeting else ""},
        "contingency.pk": item.plan_id, "contingency.item": item.pk, "contingency.action": "start",
        "projects.pk": ProjectPhoto.objects.filter(community=a).first().project_id, "projects.action": "progress",
        "projects:photo.pk": ProjectPhoto.objects.filter(community=a).first().pk,
        "charter.pk": CharterDocument.objects.filter(community=a, kind=DocumentKind.RULES_OF_PROCEDURE).first().pk,
        "training:attendance.pk": Session.objects.filter(community=a).first().pk,
        "training:material.pk": Material.objects.filter(community=a).first().pk, "training.action": "standard",
        "jointoffice.number": Matter.objects.filter(community=a).first().number, "jointoffice.action": "start",
        "jointoffice:act.action": "duty",
        "handover:add.pk": Handover.objects.filter(community=a).first().pk,
        "handover:sign.pk": HandoverItem.objects.filter(community=a).first().pk,
        "reelection.pk": stage.pk,
        "office.pk": uploader.pk, "office:revoke.pk": Membership.objects.get(user=panelist, community=a).pk,
        "holidays.year": 2026,
        "audit.target_type": "voting.assembly", "audit.target_id": str(assembly.pk),
        "admin.app_label": "roster", "admin.object_id": "1", "admin.id": "1", "admin.content_type_id": 1,
        "admin.url": "x",
        "other_assignment": Assignment.objects.filter(candidate__community=a).exclude(panelist__user=panelist)
        .first().pk,
    }


def _counted_assembly(a: Community, actor: Any) -> Assembly:
    """A second, small-window assembly of A, already counted: the results pages need one."""
    opens = timezone.now() - timedelta(days=2)
    made = create_assembly(community=a, title="已计票的表决", opens_at=opens, closes_at=opens + timedelta(days=1),
                           actor=actor)
    add_contest(assembly=made, spec_id="fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用维修资金", actor=actor)
    seal_first_box(made, actor)
    announce_vote(made, actor)
    open_voting(assembly=made, actor=actor, now=opens + timedelta(hours=1))
    close_voting(assembly=made, actor=actor)
    open_boxes(made, actor)
    count_assembly(assembly=made, actor=actor)
    return made


def _build(media: str) -> World:
    a = load_demo(today=date(2026, 11, 29))
    b = make_community(StreetOffice.objects.create(name="彭浦新村街道", code="ppxc"), "else", "别处小区")
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in
             [(SUP, "jiedao"), (WG, "xiaozu"), (PAN, "pingshen"), (SCR, "jianpiao")]}
    users[OWN] = User.objects.create_user("olivia")
    Membership.objects.create(user=users[OWN], role=Role.OWNER, community=a,
                              unit=Unit.objects.get(community=a, code=DEMO_OWNER_UNIT))
    users[OTHER] = User.objects.create_user("charlie")
    Membership.objects.create(user=users[OTHER], role=Role.WORKING_GROUP, community=b)
    return World(a, b, users, _objects_of(a, users[PAN], users[WG]))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
    """Loaded once for the module (the demo takes seconds) and rolled back at its end."""
    media = str(tmp_path_factory.mktemp("media"))
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build(media)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# An id no table reaches: for a parameter the world has no object for yet (a part still being built).
MISSING = 987654321


def kwargs_for(endpoint: Endpoint, ids: dict[str, Any], slug: str) -> dict[str, Any]:
    namespace = endpoint.name.split(":", 1)[0]
    values = {}
    for param in endpoint.params:
        for key in (f"{endpoint.name}.{param}", f"{namespace}.{param}", param):
            if key in ids:
                values[param] = ids[key]
                break
        else:
            values[param] = MISSING
    if "slug" in values:
        values["slug"] = slug
    return values


def without_object(endpoint: Endpoint, ids: dict[str, Any]) -> bool:
    """True when the URL names an object of a kind the world has none of: only the refusals are proven."""
    return MISSING in kwargs_for(endpoint, ids, "").values()


def url_of(endpoint: Endpoint, kwargs: dict[str, Any]) -> str:
    if endpoint.named:
        return reverse(endpoint.name, kwargs=kwargs)
    return "/" + re.sub(r"[\^$]|\(\?P<\w+>[^)]*\)", "", endpoint.route) + "nothing-here/"


def outcome(response: Any, url: str) -> str:
    """denied (404/401/403), login (sent to a sign-in page), error (5xx) or allowed."""
    status = response.status_code
    if status in (401, 403, 404):
        return "denied"
    if status >= 500:
        return "error"
    location = response.headers.get("Location", "")
    if status in (301, 302, 303) and location.split("?")[0].endswith(LOGIN_PATHS) and "logout" not in url:
        return "login"
    return "allowed"


def request(client: Client, url: str, data: dict[str, Any]) -> tuple[str, str]:
    """GET the URL, or POST an empty form when the view takes POST only; always rolled back."""
    cookies = SimpleCookie(client.cookies)
    with transaction.atomic():
        try:
            response = client.get(url)
            method = "GET"
            if response.status_code == 405:
                response, method = client.post(url, data), "POST"
        except Exception as error:  # a crash is reported as the walk's finding, with the URL
            transaction.set_rollback(True)
            client.cookies = cookies
            return "error", f"{type(error).__name__}: {error}"
        transaction.set_rollback(True)
    client.cookies = cookies  # a logout or a code sign-in must not change who walks the next URL
    return outcome(response, url), method


def post_data(endpoint: Endpoint, ids: dict[str, Any]) -> dict[str, Any]:
    return dict(ids.get(f"post:{endpoint.name}", POST_DATA.get(endpoint.name, {})))


def client_as(world: World, visitor: str) -> Client:
    client = Client()
    if visitor != ANON:
        client.force_login(world.users[visitor])
    return client


def walk(world: World, visitor: str) -> tuple[int, list[str]]:
    client = client_as(world, visitor)
    walked, wrong = 0, []
    for endpoint in endpoints():
        url = url_of(endpoint, kwargs_for(endpoint, world.ids, world.a.slug))
        may = visitor in allowed(endpoint.name)
        got, detail = request(client, url, post_data(endpoint, world.ids))
        walked += 1
        if may:
            ok = got == "allowed" or (got == "denied" and without_object(endpoint, world.ids))
        elif visitor == ANON:
            ok = got in ("login", "denied")  # the sign-in page; 401 from the API; 404 for the API's unknown paths
        else:
            ok = got == "denied" or (got == "login" and endpoint.name.startswith("admin:"))
        if not ok:
            wrong.append(f"{visitor} {detail} {url} ({endpoint.name}): {got}, expected {'allowed' if may else 'no'}")
    return walked, wrong


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_url_answers_each_visitor_as_the_matrix_says(world, db, visitor):  # type: ignore[no-untyped-def]
    walked, wrong = walk(world, visitor)
    assert walked == len(endpoints()) > 300
    assert wrong == [], "\n".join(wrong)


def test_every_url_of_another_community_with_a_s_object_ids_is_a_404_for_its_own_staff(world, db):  # type: ignore[no-untyped-def]
    client = client_as(world, OTHER)
    probed, leaked = 0, []
    for endpoint in endpoints():
        params = set(endpoint.params)
        if "slug" not in params or not params - {"slug", "action"}:
            continue  # only URLs that name an object of A
        url = url_of(endpoint, kwargs_for(endpoint, world.ids, world.b.slug))
        got, detail = request(client, url, post_data(endpoint, world.ids))
        probed += 1
        if got != "denied":
            leaked.append(f"{detail} {url}: {got}")
    assert probed > 40
    assert leaked == []


def test_a_panelist_cannot_open_a_candidate_assigned_to_someone_else(world, db):  # type: ignore[no-untyped-def]
    client = client_as(world, PAN)
    own = reverse("candidates:score", kwargs={"slug": world.a.slug, "pk": world.ids["candidates:score.pk"]})
    theirs = reverse("candidates:score", kwargs={"slug": world.a.slug, "pk": world.ids["other_assignment"]})
    assert client.get(own).status_code == 200
    assert client.get(theirs).status_code == 404


def test_another_community_s_staff_see_no_trace_of_a_in_lists(world, db):  # type: ignore[no-untyped-def]
    client = client_as(world, OTHER)
    assert [c["slug"] for c in client.get("/api/communities/").json()] == [world.b.slug]
    home = client.get(reverse("web:home")).content.decode()
    assert world.a.name not in home and world.b.name in home


def test_an_owner_s_api_list_is_empty(world, db):  # type: ignore[no-untyped-def]
    assert client_as(world, OWN).get("/api/communities/").json() == []


def test_an_owner_sees_only_their_own_flat(world, db):  # type: ignore[no-untyped-def]
    page = client_as(world, OWN).get(reverse("web:owner_home", kwargs={"slug": world.a.slug})).content.decode()
    assert DEMO_OWNER_UNIT in page
    others = Unit.objects.filter(community=world.a).exclude(code=DEMO_OWNER_UNIT).values_list("code", flat=True)
    assert not [code for code in others if f">{code}<" in page]


def test_the_voting_window_of_the_demo_is_open(world, db):  # type: ignore[no-untyped-def]
    """The walk POSTs `close` to the demo's assembly; that means something only if it is open."""
    assembly = Assembly.objects.get(pk=world.ids["voting.pk"])
    assert assembly.status == "open"
    assert assembly.closes_at - assembly.opens_at > timedelta(0)
