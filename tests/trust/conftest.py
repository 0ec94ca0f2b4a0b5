"""Fixtures of the trust tests (permissions, backups, faults, audit completeness)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fault: starts a real server and kills it (run by CI with the rest of the suite; < 60 s each)")


def counted_assembly(community, actor):  # type: ignore[no-untyped-def]
    """An assembly of `community` with two online ballots of its three flats, closed and counted."""
    from datetime import timedelta

    from django.utils import timezone

    from huanjie.voting.models import ContestKind
    from huanjie.voting.services import (
        add_contest,
        cast_online_ballot,
        close_voting,
        count_assembly,
        create_assembly,
        open_voting,
    )
    from tests.announce import announce_vote
    from tests.voting.conftest import open_boxes, seal_first_box

    now = timezone.now()
    assembly = create_assembly(community=community, title="第二届业主委员会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(days=1), actor=actor)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=["张三", "李四", "王五"], actor=actor)
    add_contest(assembly=assembly, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用维修资金更换电梯", actor=actor)
    seal_first_box(assembly, actor)
    announce_vote(assembly, actor)
    open_voting(assembly=assembly, actor=actor)
    for n, paper in enumerate(assembly.papers.order_by("serial")[:2]):
        cast_online_ballot(paper=paper, choices={"committee": ["张三", "李四"], "lift-fund": "yes" if n else "no"},
                           submission_key=f"key-{n}")
    close_voting(assembly=assembly, actor=actor)
    open_boxes(assembly, actor)
    count_assembly(assembly=assembly, actor=actor)
    return assembly
