"""Voting codes with four eyes (issue 17, item 4): the codes are printed once; a new code for one
paper, or the print shop's code list, is asked by one person and confirmed by a second person of
another role; a paper's earlier codes are kept (as digests) to tell an owner who types one that
it was reissued, when and by whom.

Assemblies whose codes were printed before this (an audit record voting.codes.issued) count as
printed, at the last printing, by whoever printed it: their codes are not generated again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_printed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Assembly = apps.get_model("voting", "Assembly")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    printed = AuditRecord.objects.filter(code="voting.codes.issued", target_type="voting.assembly")
    for record in printed.order_by("sequence").iterator():
        Assembly.objects.filter(pk=record.target_id).update(codes_printed_at=record.at, codes_printed_by=record.actor_id)


class Migration(migrations.Migration):

    dependencies = [
        ('roster', '0002_rosterimport'),
        ('voting', '0006_count_rules'),
        ('audit', '0003_record_format'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='assembly',
            name='codes_printed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='表决码生成打印时间'),
        ),
        migrations.AddField(
            model_name='assembly',
            name='codes_printed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='表决码生成打印人'),
        ),
        migrations.CreateModel(
            name='CodeRelease',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reissue', '补发一张表决票（新表决码）'), ('code_list', '导出表决码清单（交印刷厂）')], max_length=10, verbose_name='申请事项')),
                ('reason', models.CharField(max_length=300, verbose_name='原因')),
                ('owner_request', models.CharField(blank=True, choices=[('present', '业主本人到场，已核对身份证件'), ('family', '业主委托的家属持书面委托到场'), ('written', '业主书面申请（签字的申请书已留存）')], max_length=10, verbose_name='业主到场或申请')),
                ('status', models.CharField(choices=[('pending', '待另一角色确认'), ('confirmed', '已确认，待打印'), ('done', '已打印'), ('withdrawn', '已撤回')], default='pending', max_length=10, verbose_name='状态')),
                ('requested_as', models.CharField(max_length=20, verbose_name='申请人角色')),
                ('requested_at', models.DateTimeField(verbose_name='申请时间')),
                ('confirmed_as', models.CharField(blank=True, max_length=20, verbose_name='确认人角色')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='确认时间')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='打印时间')),
                ('assembly', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='code_releases', to='voting.assembly')),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roster.community')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='确认人')),
                ('paper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='releases', to='voting.ballotpaper', verbose_name='表决票')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人')),
            ],
            options={
                'verbose_name': '表决码申请',
                'verbose_name_plural': '表决码申请',
                'ordering': ['assembly', '-requested_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='ballotpaper',
            name='reissue',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.coderelease', verbose_name='补发'),
        ),
        migrations.CreateModel(
            name='RetiredCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code_hash', models.CharField(max_length=64, unique=True)),
                ('retired_at', models.DateTimeField(verbose_name='作废时间')),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='roster.community')),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='retired_codes', to='voting.ballotpaper')),
                ('release', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.coderelease')),
            ],
            options={
                'verbose_name': '已作废的表决码',
                'verbose_name_plural': '已作废的表决码',
                'ordering': ['paper', '-retired_at'],
            },
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['reissue', 'code_list'])), name='voting_release_kind'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'confirmed', 'done', 'withdrawn'])), name='voting_release_status'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'reissue'), ('paper__isnull', False), models.Q(('owner_request', ''), _negated=True)), models.Q(('kind', 'code_list'), ('owner_request', ''), ('paper__isnull', True)), _connector='OR'), name='voting_release_what'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='voting_release_reason'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('confirmed_by__isnull', True), ('status__in', ['pending', 'withdrawn'])), models.Q(('confirmed_at__isnull', False), ('confirmed_by__isnull', False), models.Q(('confirmed_by', models.F('requested_by')), _negated=True), models.Q(('confirmed_as', ''), _negated=True), models.Q(('confirmed_as', models.F('requested_as')), _negated=True)), _connector='OR'), name='voting_release_four_eyes'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), ('done_at__isnull', False), _connector='OR'), name='voting_release_done_when'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'confirmed'])), fields=('paper',), name='voting_release_one_open_per_paper'),
        ),
        migrations.AddConstraint(
            model_name='coderelease',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'code_list'), models.Q(('status', 'withdrawn'), _negated=True)), fields=('assembly',), name='voting_release_one_code_list'),
        ),
        migrations.RunPython(mark_printed, migrations.RunPython.noop),
    ]
