from django.db import migrations, models


class Migration(migrations.Migration):
    """Records written before this migration keep format 1 (their hash does not cover the label)."""

    dependencies = [("audit", "0002_chain_verification")]

    operations = [
        migrations.AddField(model_name="auditrecord", name="format", field=models.PositiveSmallIntegerField(default=1)),
        migrations.AlterField(model_name="auditrecord", name="format", field=models.PositiveSmallIntegerField(default=2)),
    ]
