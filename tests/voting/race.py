"""The race of test_concurrency, runnable on its own against a file database.

SQLite test databases are in memory, shared between threads in a way that fails with
"database table is locked" instead of waiting; huanjie runs SQLite from a file in WAL mode with
IMMEDIATE transactions. So on SQLite, test_concurrency runs this module in a fresh process
against a file database configured exactly as in production:

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.voting.race
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")


def race(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads that start at the same instant; each outcome or its VotingError."""
    from django.db import close_old_connections

    from huanjie.voting.errors import VotingError

    start = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(i: int, job: Callable[[], object]) -> None:
        start.wait()
        try:
            outcomes[i] = job()
        except VotingError as error:
            outcomes[i] = error
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from huanjie.roster.models import Community, Owner, Ownership, StreetOffice, Unit
    from huanjie.voting.models import Ballot, BallotStatus, ContestKind, PaperMode
    from huanjie.voting.services import (
        add_contest,
        cast_online_ballot,
        create_assembly,
        open_voting,
        record_paper_ballot,
        seal_box,
    )
    from tests.announce import announce_vote
    from tests.rules_of_procedure import adopt_rules_of_procedure

    call_command("migrate", verbosity=0)
    office = StreetOffice.objects.create(name="街道", code="race")
    community = Community.objects.create(street_office=office, slug="race", name="小区")
    for code in ("1-101", "1-102"):
        unit = Unit.objects.create(community=community, code=code, area=Decimal("80.00"))
        owner = Owner.objects.create(community=community, identifier=code, name="业主", phone="13800001234")
        Ownership.objects.create(community=community, unit=unit, owner=owner)
    adopt_rules_of_procedure(community)
    actor = get_user_model().objects.create_user("teller")
    now = timezone.now()
    assembly = create_assembly(community=community, title="选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(hours=1), actor=actor)
    add_contest(assembly=assembly, spec_id="fund", kind=ContestKind.MOTION, matter="other-major", title="事项",
                actor=actor)
    seal_box(assembly=assembly, label="1号票箱", seal_number="F-1", sealed_before="监票人", actor=actor)
    announce_vote(assembly, actor)
    open_voting(assembly=assembly, actor=actor)
    online, mixed = (assembly.papers.get(entity__label=code) for code in ("1-101", "1-102"))
    choices = {"fund": "yes"}
    outcomes = race(*(lambda key=key: cast_online_ballot(paper=online, choices=choices, submission_key=key)
                      for key in ("phone", "tablet")))
    outcomes += race(lambda: cast_online_ballot(paper=mixed, choices=choices, submission_key="phone2"),
                     lambda: record_paper_ballot(paper=mixed, valid=True, choices=choices, actor=actor,
                                                 received_at=timezone.now()))
    # A paper per unit: one owner of two units; two phones race on one unit's paper while the
    # other unit's paper is cast at the same instant. One counts per paper, so two for the owner.
    two = Community.objects.create(street_office=office, slug="race2", name="小区二")
    owner = Owner.objects.create(community=two, identifier="both", name="业主", phone="13800005678")
    for code in ("2-101", "2-102"):
        Ownership.objects.create(community=two, owner=owner,
                                 unit=Unit.objects.create(community=two, code=code, area=Decimal("60.00")))
    adopt_rules_of_procedure(two)
    per_unit = create_assembly(community=two, title="选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(hours=1), actor=actor, paper_mode=PaperMode.PER_UNIT)
    add_contest(assembly=per_unit, spec_id="fund", kind=ContestKind.MOTION, matter="other-major", title="事项",
                actor=actor)
    seal_box(assembly=per_unit, label="1号票箱", seal_number="F-1", sealed_before="监票人", actor=actor)
    announce_vote(per_unit, actor)
    open_voting(assembly=per_unit, actor=actor)
    left, right = (per_unit.papers.get(unit__code=code) for code in ("2-101", "2-102"))
    unit_outcomes = race(lambda: cast_online_ballot(paper=left, choices=choices, submission_key="u-phone"),
                         lambda: cast_online_ballot(paper=left, choices=choices, submission_key="u-tablet"),
                         lambda: cast_online_ballot(paper=right, choices=choices, submission_key="u-other"))
    print(json.dumps({
        "outcomes": [type(o).__name__ for o in outcomes],
        "counted": [Ballot.objects.filter(paper=p, status=BallotStatus.COUNTED).count() for p in (online, mixed)],
        "unit_outcomes": [type(o).__name__ for o in unit_outcomes],
        "unit_counted": [Ballot.objects.filter(paper=p, status=BallotStatus.COUNTED).count() for p in (left, right)],
    }))


if __name__ == "__main__":
    main()
