"""Ballot papers per unit as an option (issue #4).

Existing papers stay entity-wide (`unit` empty) and existing assemblies stay in per-entity mode.
One counted ballot per paper replaces one per entity: with one paper per entity the two are the
same rule. A proxy's ballot moves from `Proxy.ballot` to `Ballot.proxy`, as a proxy holder votes
each of the household's papers when there is one per unit. Reversible while no assembly issued
papers per unit and no proxy handed over more than one ballot.
"""

import django.db.models.deletion
from django.db import migrations, models


def proxy_to_ballot(apps, schema_editor):  # type: ignore[no-untyped-def]
    Ballot = apps.get_model("voting", "Ballot")
    Proxy = apps.get_model("voting", "Proxy")
    for proxy_id, ballot_id in Proxy.objects.exclude(ballot=None).values_list("pk", "ballot_id").iterator():
        Ballot.objects.filter(pk=ballot_id).update(proxy_id=proxy_id)


def ballot_to_proxy(apps, schema_editor):  # type: ignore[no-untyped-def]
    Ballot = apps.get_model("voting", "Ballot")
    Proxy = apps.get_model("voting", "Proxy")
    for ballot_id, proxy_id in Ballot.objects.exclude(proxy=None).order_by("pk").values_list("pk", "proxy_id"):
        Proxy.objects.filter(pk=proxy_id, ballot=None).update(ballot_id=ballot_id)


class Migration(migrations.Migration):

    dependencies = [
        ('voting', '0002_delivery_proxies_results'),
    ]

    operations = [
        migrations.AddField(
            model_name='assembly',
            name='paper_mode',
            field=models.CharField(choices=[('entity', '每个投票主体一张票'), ('unit', '每个专有部分一张票')], default='entity', max_length=8, verbose_name='表决票发放方式'),
        ),
        migrations.AddConstraint(
            model_name='assembly',
            constraint=models.CheckConstraint(condition=models.Q(('paper_mode__in', ['entity', 'unit'])), name='voting_assembly_paper_mode'),
        ),
        migrations.AlterField(
            model_name='ballotpaper',
            name='entity',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='papers', to='voting.votingentity'),
        ),
        migrations.AddField(
            model_name='ballotpaper',
            name='unit',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='paper', to='voting.snapshotunit', verbose_name='专有部分'),
        ),
        migrations.AddConstraint(
            model_name='ballotpaper',
            constraint=models.UniqueConstraint(condition=models.Q(('unit__isnull', True)), fields=('entity',), name='voting_paper_one_entity_wide'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'counted')), fields=('paper',), name='voting_one_counted_ballot_per_paper'),
        ),
        migrations.RemoveConstraint(
            model_name='ballot',
            name='voting_one_counted_ballot_per_entity',
        ),
        migrations.AddField(
            model_name='ballot',
            name='proxy',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='voting.proxy'),
        ),
        migrations.RunPython(proxy_to_ballot, ballot_to_proxy, elidable=False),
        migrations.RemoveField(
            model_name='proxy',
            name='ballot',
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('proxy__isnull', False)), fields=('proxy', 'paper'), name='voting_proxy_one_ballot_per_paper'),
        ),
    ]
