"""Migration 0003_paper_per_unit keeps what was recorded before it, and can be undone.

Papers issued before it are entity-wide, assemblies stay in per-entity mode, and a proxy's ballot
moves from `Proxy.ballot` to `Ballot.proxy` (and back when the migration is reversed).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.voting.migrating import migrate_to

BEFORE = [("voting", "0002_delivery_proxies_results")]
AFTER = [("voting", "0003_paper_per_unit")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    return migrate_to(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_papers_stay_entity_wide_and_a_proxys_ballot_moves_to_the_ballot():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        model = old.get_model
        office = model("roster", "StreetOffice").objects.create(name="街道", code="mig")
        community = model("roster", "Community").objects.create(street_office=office, name="小区", slug="mig")
        now = timezone.now()
        assembly = model("voting", "Assembly").objects.create(
            community=community, title="选举", opens_at=now, closes_at=now + timedelta(days=1), status="open"
        )
        entity = model("voting", "VotingEntity").objects.create(
            community=community, assembly=assembly, index=0, area=Decimal("80.00"), label="1-101"
        )
        paper = model("voting", "BallotPaper").objects.create(
            community=community, assembly=assembly, entity=entity, serial="1-00001", code_hash="a" * 64, issued_at=now
        )
        ballot = model("voting", "Ballot").objects.create(
            community=community,
            assembly=assembly,
            entity=entity,
            paper=paper,
            channel="proxy",
            received_at=now,
            status="counted",
            receipt="R1",
        )
        proxy = model("voting", "Proxy").objects.create(
            community=community,
            assembly=assembly,
            entity=entity,
            grantor_name="甲",
            holder_name="乙",
            holder_phone="13900001111",
            authorisation="voting/proxies/x.jpg",
            slot=1,
            cap=3,
            ballot=ballot,
        )

        new = _migrate(AFTER)
        assert new.get_model("voting", "Assembly").objects.get(pk=assembly.pk).paper_mode == "entity"
        moved = new.get_model("voting", "BallotPaper").objects.get(pk=paper.pk)
        assert moved.unit_id is None and moved.entity_id == entity.pk
        assert new.get_model("voting", "Ballot").objects.get(pk=ballot.pk).proxy_id == proxy.pk

        back = _migrate(BEFORE)
        assert back.get_model("voting", "Proxy").objects.get(pk=proxy.pk).ballot_id == ballot.pk
    finally:
        _migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_units_of_an_assembly_already_voting_per_unit_get_their_owners_phone_digits():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        # the roster as it was then too: its unit rows had no room and sort key yet (roster 0003 derives them)
        old = _migrate([("voting", "0003_paper_per_unit"), ("roster", "0002_rosterimport")])
        model = old.get_model
        office = model("roster", "StreetOffice").objects.create(name="街道", code="mig4")
        community = model("roster", "Community").objects.create(street_office=office, name="小区", slug="mig4")
        unit = model("roster", "Unit").objects.create(community=community, code="1-101", area=Decimal("80.00"))
        owner = model("roster", "Owner").objects.create(community=community, identifier="o1", phone="139 0000 1234")
        model("roster", "Ownership").objects.create(community=community, unit=unit, owner=owner)
        now = timezone.now()
        made = {}
        for mode, tails in (("unit", "1234"), ("entity", "1234"), ("unit", "")):  # the last: digits purged
            assembly = model("voting", "Assembly").objects.create(
                community=community, title="选举", opens_at=now, closes_at=now + timedelta(days=1), status="open",
                paper_mode=mode,
            )
            entity = model("voting", "VotingEntity").objects.create(
                community=community, assembly=assembly, index=0, area=Decimal("80.00"), label="1-101",
                phone_tails=tails,
            )  # fmt: skip
            made[(mode, tails)] = model("voting", "SnapshotUnit").objects.create(
                community=community, assembly=assembly, entity=entity, position=0, code="1-101",
                area=Decimal("80.00"), status="delivered",
            ).pk  # fmt: skip
        new = _migrate([("voting", "0004_unit_phone_tails"), ("roster", "0002_rosterimport")])
        filled = dict(new.get_model("voting", "SnapshotUnit").objects.values_list("pk", "phone_tails"))
        assert filled == {made[("unit", "1234")]: "1234", made[("entity", "1234")]: "", made[("unit", "")]: ""}
    finally:
        _migrate(latest)
