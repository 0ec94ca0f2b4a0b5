"""The count's settings of spec/tally.md v2 on each assembly (`join`, `write_in`, their basis),
frozen with the roster (`snapshot_sha256`).

Assemblies created before keep the rules they were set up and frozen with: v1's transitive
join (`shared-owner`) and void contest (`void-contest`), so that no frozen count changes. v1
also joined through the identifiers on an undelivered unit, which v2 never does: where a frozen
roster not yet counted names a buyer on an undelivered unit who is also on another unit, its
count would differ, and the migration names that assembly.
"""

import hashlib

from django.db import migrations, models

LEGACY_BASIS = ("本业主大会设立于计票设置（同一买受人的认定、填写非候选人）推出之前，沿用设立时的计票方式；"
                "已冻结的名册和已完成的计票不变（数据迁移）")


def keep_the_rules_they_were_frozen_with(apps, schema_editor):  # type: ignore[no-untyped-def]
    Assembly = apps.get_model("voting", "Assembly")
    SnapshotUnit = apps.get_model("voting", "SnapshotUnit")
    for assembly in Assembly.objects.all():
        assembly.join, assembly.write_in, assembly.count_rules_basis = "shared-owner", "void-contest", LEGACY_BASIS
        if assembly.roster_sha256:
            text = (f'roster_sha256 = "{assembly.roster_sha256}"\njoin = "{assembly.join}"\n'
                    f'write_in = "{assembly.write_in}"\n')
            assembly.snapshot_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assembly.save(update_fields=["join", "write_in", "count_rules_basis", "snapshot_sha256"])
        if assembly.status in ("open", "closed"):
            _name_a_count_that_would_change(assembly, SnapshotUnit)


def _name_a_count_that_would_change(assembly, SnapshotUnit) -> None:  # type: ignore[no-untyped-def]
    units = SnapshotUnit.objects.filter(assembly=assembly).values_list("status", "owners")
    buyers = {o for status, owners in units if status == "undelivered" for o in owners.split(";") if o}
    others = {o for status, owners in units if status == "delivered" for o in owners.split(";") if o}
    if buyers & others:
        print(f"\n  voting.Assembly {assembly.pk}: a buyer named on an undelivered unit owns a delivered unit of its "
              "frozen roster; the count now keeps that unit a head of its own (JI art. 9, spec/tally.md v2)")


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0005_ballots_tied_to_papers'),
    ]

    operations = [
        migrations.AddField(
            model_name='assembly',
            name='count_rules_basis',
            field=models.CharField(blank=True, max_length=300, verbose_name='计票设置的依据'),
        ),
        migrations.AddField(
            model_name='assembly',
            name='join',
            field=models.CharField(choices=[('identical-owners', '业主完全相同的多套房屋按一人计算'), ('shared-owner', '有共同业主的房屋（含经共有人间接相连的）合并按一人计算')], default='identical-owners', max_length=20, verbose_name='同一买受人的认定'),
        ),
        migrations.AddField(
            model_name='assembly',
            name='snapshot_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='冻结名册及计票设置 SHA-256'),
        ),
        migrations.AddField(
            model_name='assembly',
            name='write_in',
            field=models.CharField(choices=[('ignore-name', '非候选人姓名不计，所选候选人仍有效'), ('void-contest', '该表决事项的选择无效')], default='ignore-name', max_length=20, verbose_name='填写非候选人'),
        ),
        migrations.AddConstraint(
            model_name='assembly',
            constraint=models.CheckConstraint(condition=models.Q(('join__in', ['identical-owners', 'shared-owner'])), name='voting_assembly_join'),
        ),
        migrations.AddConstraint(
            model_name='assembly',
            constraint=models.CheckConstraint(condition=models.Q(('write_in__in', ['ignore-name', 'void-contest'])), name='voting_assembly_write_in'),
        ),
        migrations.RunPython(keep_the_rules_they_were_frozen_with, migrations.RunPython.noop),
    ]
