"""Every role's home page leads to its work: no link reachable from it is a 404 or a 500.

Two communities: A is the 五月花 demo, with every part in use; B is a community of another street
office that has only just been set up (a roster, its people, a re-election started), so the pages
of a new community are walked too. Each role of each community starts at the home page and
follows the site's own links (GET only), breadth first, to a depth where nothing new is found. Links
that differ only in their ids (the 12th and 13th demand) are the same page twice: two of each are
opened. Everything runs in one transaction rolled back at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from huanjie.accounts.models import Membership, Role
from huanjie.demo.build import load_demo
from huanjie.demo.users import DEMO_OWNER_UNIT
from huanjie.office import services
from huanjie.reelection.services import start_reelection
from huanjie.roster.models import Community, Unit
from tests.office.files import OWNER_UNIT, import_roster

DEPTH = 8
SAME_SHAPE = 2  # pages opened per link shape (a link with its numbers taken out)
LINK = re.compile(r"""<a\b[^>]*?\bhref="([^"#]*)""")
LEFT_ALONE = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/i18n/")


@dataclass
class Walk:
    opened: int = 0
    broken: list[str] = field(default_factory=list)


def shape(url: str) -> str:
    return re.sub(r"\d+", "#", url)


def links(html: str) -> Iterator[str]:
    for href in LINK.findall(html):
        href = href.replace("&amp;", "&")
        if href.startswith("/") and not href.startswith("//") and not href.startswith(LEFT_ALONE):
            yield href


def crawl(client: Client) -> Walk:
    """Breadth first from the home page, following redirects and links within the site."""
    walk, seen, shapes = Walk(), set(), Counter()
    frontier = [("/", "—")]
    for _ in range(DEPTH):
        found = []
        for url, came_from in frontier:
            if url in seen or shapes[shape(url)] >= SAME_SHAPE:
                continue
            seen.add(url)
            shapes[shape(url)] += 1
            response = client.get(url)
            walk.opened += 1
            if response.status_code in (404, 500) or response.status_code >= 500:
                walk.broken.append(f"{response.status_code} {url} (linked from {came_from})")
            elif response.status_code in (301, 302, 303):
                found.append((response["Location"], url))
            elif response.get("Content-Type", "").startswith("text/html"):
                found.extend((link, url) for link in links(response.content.decode()))
        frontier = found
    return walk


@dataclass(frozen=True)
class World:
    people: dict[tuple[str, str], Any]  # (community, role) -> user


def _second_community() -> tuple[Community, dict[str, Any]]:
    """B: just set up through the services of the street office's pages — a property company's roster, one
    person in each role, a re-election started, nothing else."""
    office = services.create_street_office(name="彭浦新村街道", actor=None)
    b = services.create_community(street_office=office, name="别处小区", actor=None)
    import_roster(b)
    start_reelection(community=b, term_number=1, term_end=date(2027, 6, 30), actor=None)
    people = {Role.SUPERVISOR.value: services.create_person(username="13800000001", full_name="督导", actor=None)}
    services.grant_supervisor(user=people[Role.SUPERVISOR], street_office=office, actor=None)
    for n, role in enumerate((Role.WORKING_GROUP, Role.PANELIST, Role.SCRUTINEER), start=2):
        people[role.value] = services.create_person(username=f"1380000000{n}", full_name=str(role.label), actor=None)
        services.grant_role(user=people[role], role=role, community=b, actor=None)
    people[Role.OWNER.value] = get_user_model().objects.create_user("b-owner")
    Membership.objects.create(user=people[Role.OWNER], role=Role.OWNER, community=b,
                              unit=Unit.objects.get(community=b, code=OWNER_UNIT))
    return b, people


def _build() -> World:
    a = load_demo(today=date.today() - timedelta(days=1))
    User = get_user_model()
    people = {("A", role): User.objects.get(username=name) for role, name in [
        (Role.SUPERVISOR.value, "jiedao"), (Role.WORKING_GROUP.value, "xiaozu"), (Role.PANELIST.value, "pingshen"),
        (Role.SCRUTINEER.value, "jianpiao")]}
    people[("A", Role.OWNER.value)] = User.objects.create_user("a-owner")
    Membership.objects.create(user=people[("A", Role.OWNER.value)], role=Role.OWNER, community=a,
                              unit=Unit.objects.get(community=a, code=DEMO_OWNER_UNIT))
    _, in_b = _second_community()
    people.update({("B", role): user for role, user in in_b.items()})
    return World(people)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
    media = str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("community", ["A", "B"])
@pytest.mark.parametrize("role", Role.values)
def test_no_link_reachable_from_a_role_s_home_page_is_a_404_or_a_500(world, db, community, role):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.people[(community, role)])
    with transaction.atomic():
        walk = crawl(client)
        transaction.set_rollback(True)
    assert walk.broken == [], "\n".join(walk.broken)
    assert walk.opened >= 2  # the home page led on to the role's own page
