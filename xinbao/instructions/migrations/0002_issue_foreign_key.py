# Instruction.issue_id becomes a real foreign key to publications.Issue (same column).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("instructions", "0001_initial"),
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="instruction", old_name="issue_id", new_name="issue"),
        migrations.AlterField(
            model_name="instruction",
            name="issue",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="instructions",
                to="publications.issue",
                verbose_name="刊物期次",
            ),
        ),
    ]
