"""Each frozen unit keeps its own owners' phone digits: a per-unit paper is voted online with one of them."""

from collections import defaultdict

from django.db import migrations, models


def fill_unit_tails(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Assemblies already issuing a paper per unit, whose digits were not purged, get their units' digits,
    read from the roster as freezing it does."""
    SnapshotUnit = apps.get_model("voting", "SnapshotUnit")
    Ownership = apps.get_model("roster", "Ownership")
    units = SnapshotUnit.objects.filter(assembly__paper_mode="unit").exclude(entity__phone_tails="")
    for community_id in units.values_list("community_id", flat=True).distinct():
        tails: dict[str, set[str]] = defaultdict(set)
        for code, phone in Ownership.objects.filter(community_id=community_id).values_list("unit__code", "owner__phone"):
            digits = "".join(ch for ch in phone or "" if ch.isdigit())[-4:]
            if len(digits) == 4:
                tails[code].add(digits)
        for unit in units.filter(community_id=community_id):
            unit.phone_tails = ",".join(sorted(tails.get(unit.code, ())))
            unit.save(update_fields=["phone_tails"])


class Migration(migrations.Migration):
    dependencies = [
        ("voting", "0003_paper_per_unit"),
        ("roster", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="snapshotunit",
            name="phone_tails",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_unit_tails, migrations.RunPython.noop),
    ]
