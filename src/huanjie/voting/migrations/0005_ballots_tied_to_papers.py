"""The database ties a ballot's entity, assembly and community to its paper's (issue 17, item 10).

Each row names its assembly and community beside its parent, for scoping and for the partial
unique constraints; nothing tied them together, so a ballot could name one assembly's paper and
another assembly's entity, and that assembly's count then failed. Now each link is checked by the
database on every insert and update, whoever writes:

    voting entity  (assembly, community)                 = its assembly's (id, community)
    ballot paper   (entity, assembly, community)         = its entity's (id, assembly, community)
    ballot paper   (unit, entity), when it has a unit     = its unit's (id, entity)
    ballot         (paper, entity, assembly, community)  = its paper's (id, entity, assembly, community)

PostgreSQL: composite foreign keys onto composite unique keys, checked at once (not deferred),
made here. SQLite cannot add a foreign key to an existing table: there the same checks are
triggers, which huanjie.voting.ties makes after every `migrate` once this migration is applied
(a trigger naming another table would make a later migration's SQLite table rebuild fail, so they
are dropped before each `migrate` and made again after it). Reversing this migration drops them.
tests/voting/test_ballot_ties.py writes each forbidden row on both databases.
"""

from django.db import migrations

# (child table, its columns, parent table, the parent's matching columns)
TIES = [
    ("voting_votingentity", ("assembly_id", "community_id"), "voting_assembly", ("id", "community_id")),
    ("voting_ballotpaper", ("entity_id", "assembly_id", "community_id"), "voting_votingentity",
     ("id", "assembly_id", "community_id")),
    ("voting_ballotpaper", ("unit_id", "entity_id"), "voting_snapshotunit", ("id", "entity_id")),
    ("voting_ballot", ("paper_id", "entity_id", "assembly_id", "community_id"), "voting_ballotpaper",
     ("id", "entity_id", "assembly_id", "community_id")),
]


def _name(child: str, parent: str) -> str:
    return f"{child}_tied_to_{parent.removeprefix('voting_')}"


def _key_name(parent: str, columns: tuple[str, ...]) -> str:
    return f"{parent}_key_{'_'.join(column.removesuffix('_id') for column in columns)}"


def _postgresql(child: str, columns: tuple[str, ...], parent: str, keys: tuple[str, ...]) -> list[str]:
    return [
        f"ALTER TABLE {parent} ADD CONSTRAINT {_key_name(parent, keys)} UNIQUE ({', '.join(keys)})",
        f"ALTER TABLE {child} ADD CONSTRAINT {_name(child, parent)} FOREIGN KEY ({', '.join(columns)})"
        f" REFERENCES {parent} ({', '.join(keys)})",
    ]


def _postgresql_drop(child: str, columns: tuple[str, ...], parent: str, keys: tuple[str, ...]) -> list[str]:
    return [f"ALTER TABLE {child} DROP CONSTRAINT IF EXISTS {_name(child, parent)}",
            f"ALTER TABLE {parent} DROP CONSTRAINT IF EXISTS {_key_name(parent, keys)}"]


def tie(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for child, columns, parent, keys in TIES:
            for statement in _postgresql(child, columns, parent, keys):
                schema_editor.execute(statement)
    # SQLite: huanjie.voting.ties makes the triggers after the migrate that applied this.


def untie(apps, schema_editor):  # type: ignore[no-untyped-def]
    for child, columns, parent, keys in reversed(TIES):
        if schema_editor.connection.vendor == "postgresql":
            for statement in _postgresql_drop(child, columns, parent, keys):
                schema_editor.execute(statement)
        else:
            for when in ("insert", "update", "parent"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_name(child, parent)}_{when}")


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0004_unit_phone_tails"),
    ]

    operations = [
        migrations.RunPython(tie, untie),
    ]
