# Live scoring off the click: events not yet scored (docs/decisions/0014-scoring-after-commit.md).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_password_history'),
        ('scoring', '0007_hub_entries'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='orgs.unit')),
            ],
            options={
                'indexes': [models.Index(fields=['unit', 'on'], name='scoring_pending_idx')],
            },
        ),
    ]
