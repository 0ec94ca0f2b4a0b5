"""The data and the signed-in browsers the accessibility sweep walks: the permission matrix's world.

That world (the 五月花 demo, an open vote, a counted one, one object of every kind a URL names)
is built once for the sweep and committed, so that a live server of the sweep's own can show it;
the sweep empties the database when it is done. Here too are what a few pages need beyond it: a
joint nomination collecting co-signers, a proxy, a voter half-way through the voting flow, a
staff member between the two steps of a two-step sign-in.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from django.test import Client
from django.utils import timezone

from huanjie.accounts import views as account_views
from huanjie.accounts.models import Membership, Role
from huanjie.candidates.models import Nomination, NominationMethod, NominationStatus
from huanjie.notices.models import Notice, NoticeStatus
from huanjie.notices.services import publish_notice
from huanjie.roster.models import Ownership
from huanjie.voting import views_owner as vote
from huanjie.voting.models import Assembly, AssemblyStatus, BallotPaper, Contest, ContestKind
from huanjie.voting.services import add_contest, close_voting, count_assembly, create_assembly, open_voting
from huanjie.voting.services.notices import draft_preliminary_results_notice
from huanjie.voting.services.proxies import register_proxy
from tests.accounts.test_totp_sign_in import enrol
from tests.announce import announce_vote
from tests.browser.sweep_pages import (
    STAFF_CODE_STEP,
    STAFF_ENROL_STEP,
    SYSTEM_ADMIN,
    VOTER_BALLOT,
    VOTER_DONE,
    VOTER_REVIEW,
    SweptPage,
)
from tests.trust.test_permission_matrix import ANON, World, _build, kwargs_for, url_of
from tests.voting.conftest import open_boxes, seal_first_box
from tests.voting.test_proxies import photo


@dataclasses.dataclass
class Cookie:
    name: str
    value: str
    path: str = "/"


@dataclasses.dataclass
class SweepWorld:
    world: World
    ids: dict[str, Any]
    cookies: dict[str, list[Cookie]]

    variants: dict[str, list[dict[str, Any]]] = dataclasses.field(default_factory=dict)

    def urls(self, page: SweptPage) -> list[str]:
        """The page's address; for a notice, one per published notice (each kind lays its text out differently)."""
        return [url_of(page.endpoint, kwargs_for(page.endpoint, {**self.ids, **variant}, self.world.a.slug))
                for variant in self.variants.get(page.name, [{}])]


def build() -> SweepWorld:
    world = _build(media="")
    ids = {**world.ids, **_missing_objects(world)}
    cookies = {visitor: [_session(user)] for visitor, user in world.users.items()}
    cookies[ANON] = []
    cookies[SYSTEM_ADMIN] = [_session(get_user_model().objects.create_superuser("root", password=None))]
    cookies.update(_voter_cookies(world))
    cookies.update(_two_step_cookies(world))
    results = _counted_election(world)
    ids.update({f"voting:{name}.pk": results.pk for name in ("results", "results_notices")})
    # One published notice of each kind: each kind lays its text and table out in its own way.
    published = list({n.kind: n for n in Notice.objects.filter(community=world.a, status=NoticeStatus.PUBLISHED)
                      .order_by("-pk")}.values())
    variants = {"public_notice:detail": [{"token": n.public_token} for n in published],
                "notices:owner_detail": [{"notices.pk": n.pk} for n in published]}
    return SweepWorld(world, ids, cookies, variants)


def _counted_election(world: World) -> Assembly:
    """A counted election of five candidates with its results notice published: the widest table owners read."""
    actor, opens = world.users["working_group"], timezone.now() - timedelta(days=3)
    assembly = create_assembly(community=world.a, title="第二届业主委员会选举（补选）", opens_at=opens,
                               closes_at=opens + timedelta(days=1), actor=actor)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=3, candidates=["张建国", "李秀英", "王志强", "陈美华", "赵德明"],
                actor=actor)
    announce_vote(assembly, actor)
    seal_first_box(assembly, actor)
    open_voting(assembly=assembly, actor=actor, now=opens + timedelta(hours=1))
    close_voting(assembly=assembly, actor=actor)
    open_boxes(assembly, actor)
    count_assembly(assembly=assembly, actor=actor)
    notice = draft_preliminary_results_notice(assembly=assembly, actor=actor)
    publish_notice(notice=notice, actor=actor, today=timezone.localdate())
    return assembly


def _session(user: Any) -> Cookie:
    client = Client()
    client.force_login(user)
    return Cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)


def _missing_objects(world: World) -> dict[str, Any]:
    """Objects the demo's timeline has none of, for the pages that show one."""
    joint = Nomination.objects.filter(community=world.a).order_by("pk").first()
    taken = Nomination.objects.filter(community=world.a).values("owner")
    ownership = Ownership.objects.filter(community=world.a).exclude(owner__in=taken).order_by("pk").first()
    joint.pk, joint.owner_id, joint.unit_id = None, ownership.owner_id, ownership.unit_id
    joint.method, joint.status = NominationMethod.JOINT, NominationStatus.COLLECTING
    joint.save()
    assembly = Assembly.objects.get(pk=world.ids["voting.pk"])
    entity = assembly.entities.filter(proxies__isnull=True, ballots__isnull=True).order_by("pk").first()
    proxy = register_proxy(entity=entity, grantor_name="周阿姨", holder_name="周先生", holder_phone="13900001234",
                           authorisation=photo(),
                           actor=world.users["working_group"])
    return {"candidates:cosign.pk": joint.pk, "voting.proxy": proxy.pk}


def _voter_cookies(world: World) -> dict[str, list[Cookie]]:
    """The voting flow's signed cookie as a voter has it on the ballot, the review and the receipt page."""
    assembly = Assembly.objects.filter(community=world.a, status=AssemblyStatus.OPEN).first()
    paper = BallotPaper.objects.filter(assembly=assembly, ballots__isnull=True).order_by("pk").first()
    contests = Contest.objects.filter(assembly=assembly).order_by("position", "pk")
    choices = {c.spec_id: list(c.candidates[:1]) if c.is_election else "yes" for c in contests}
    verified = {vote.PAPER: paper.pk, vote.AT: time.time() + 24 * 3600, vote.KEY: "sweep"}

    def cookie(state: dict[str, Any]) -> list[Cookie]:
        return [Cookie(vote.STATE_COOKIE, signing.dumps(state, salt=vote.STATE_SALT, compress=True), "/vote/")]

    return {VOTER_BALLOT: cookie(verified), VOTER_REVIEW: cookie({**verified, vote.CHOICES: choices}),
            VOTER_DONE: cookie({vote.RECEIPT: "K7QM-3XPA", vote.RECEIVED: "2026-11-29T10:15:00+08:00"})}


def _two_step_cookies(world: World) -> dict[str, list[Cookie]]:
    """A session that passed the password step: of a user with an authenticator app, and of one still to set it up."""
    User = get_user_model()
    tess = User.objects.create_user("tess")
    Membership.objects.create(user=tess, role=Role.WORKING_GROUP, community=world.a)
    enrol(tess)
    una = User.objects.create_user("una")
    Membership.objects.create(user=una, role=Role.WORKING_GROUP, community=world.a)

    def pending(user: Any, *, enrolling: bool) -> list[Cookie]:
        session = SessionStore()
        session[account_views.PENDING] = {
            "user": user.pk, "backend": settings.AUTHENTICATION_BACKENDS[0], "auth_hash": user.get_session_auth_hash(),
            "next": "/", "at": time.time() + 24 * 3600, "enrol": enrolling}
        session.create()
        return [Cookie(settings.SESSION_COOKIE_NAME, session.session_key or "")]

    return {STAFF_CODE_STEP: pending(tess, enrolling=False), STAFF_ENROL_STEP: pending(una, enrolling=True)}
