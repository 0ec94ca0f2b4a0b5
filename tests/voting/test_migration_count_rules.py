"""Migration 0006_count_rules: assemblies set up before it keep the rules they were frozen with.

They become `shared-owner` and `void-contest` (v1's transitive join and void contest) with the
basis saying so, so that the entities the count computes from a frozen roster are the frozen
ones, and no frozen count changes; a new assembly gets the law's reading.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from huanjie.rules import JoinRule, build_entities
from tests.voting.migrating import migrate_to

BEFORE = [("voting", "0005_ballots_tied_to_papers")]
AFTER = [("voting", "0006_count_rules")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    return migrate_to(targets)


@pytest.mark.django_db(transaction=True)
def test_assemblies_frozen_before_keep_the_transitive_join_and_the_void_contest(capsys):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        model = _migrate(BEFORE).get_model
        office = model("roster", "StreetOffice").objects.create(name="街道", code="mig5")
        community = model("roster", "Community").objects.create(street_office=office, name="小区", slug="mig5")
        now = timezone.now()

        def assembly(status: str, sha: str = ""):  # type: ignore[no-untyped-def]
            return model("voting", "Assembly").objects.create(
                community=community, title=status, opens_at=now, closes_at=now + timedelta(days=1), status=status,
                roster_sha256=sha)  # fmt: skip

        draft, frozen, odd = assembly("draft"), assembly("open", "a" * 64), assembly("closed", "b" * 64)
        # v1 froze a chain of co-owners (x;y, y;z) as one entity, and the buyer of an undelivered
        # unit together with the developer: the last is what v2 no longer does.
        for target, rows in ((frozen, [("A", "x;y", "delivered", 0), ("B", "y;z", "delivered", 0),
                                       ("C", "w", "delivered", 1)]),
                             (odd, [("D", "", "unsold", 0), ("E", "b", "undelivered", 0),
                                    ("F", "b", "delivered", 0)])):  # fmt: skip
            entities = {}
            for position, (code, owners, status, index) in enumerate(rows):
                if index not in entities:
                    entities[index] = model("voting", "VotingEntity").objects.create(
                        community=community, assembly=target, index=index, area=Decimal("1.00"), label=code)
                model("voting", "SnapshotUnit").objects.create(
                    community=community, assembly=target, entity=entities[index], position=position, code=code,
                    area=Decimal("50.00"), status=status, owners=owners)  # fmt: skip

        capsys.readouterr()
        model = _migrate(AFTER).get_model
        Assembly = model("voting", "Assembly")
        for pk in (draft.pk, frozen.pk, odd.pk):
            kept = Assembly.objects.get(pk=pk)
            assert (kept.join, kept.write_in) == ("shared-owner", "void-contest")
            assert "沿用设立时的计票方式" in kept.count_rules_basis
        text = f'roster_sha256 = "{"a" * 64}"\njoin = "shared-owner"\nwrite_in = "void-contest"\n'
        assert Assembly.objects.get(pk=frozen.pk).snapshot_sha256 == hashlib.sha256(text.encode()).hexdigest()
        assert Assembly.objects.get(pk=draft.pk).snapshot_sha256 == ""
        printed = capsys.readouterr().out
        assert f"voting.Assembly {odd.pk}:" in printed and f"voting.Assembly {frozen.pk}:" not in printed

        _migrate(latest)
        from huanjie.voting.models import Assembly as Current
        from huanjie.voting.models import SnapshotUnit
        from huanjie.voting.snapshot import frozen_units

        current = Current.objects.get(pk=frozen.pk)
        index = build_entities(frozen_units(current), JoinRule(current.join))
        stored = list(SnapshotUnit.objects.filter(assembly=current).order_by("position")
                      .values_list("entity__index", flat=True))  # fmt: skip
        assert index.unit_entity == stored  # the count joins the frozen roster as it was frozen
    finally:
        _migrate(latest)
