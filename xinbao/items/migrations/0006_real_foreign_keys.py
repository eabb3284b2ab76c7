# Cross-app references become real foreign keys (string model names: no import of higher layers).
# The columns keep their names (issue_id, periodical_id, commission_id), so existing rows stay.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("items", "0005_alter_submission_state"),
        ("publications", "0001_initial"),
        ("commissions", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="adoption", name="items_adoption_once_per_issue"),
        migrations.RenameField(model_name="adoption", old_name="issue_id", new_name="issue"),
        migrations.AlterField(
            model_name="adoption",
            name="issue",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="publications.issue",
                verbose_name="刊物期次",
            ),
        ),
        migrations.RenameField(model_name="adoption", old_name="periodical_id", new_name="periodical"),
        migrations.AlterField(
            model_name="adoption",
            name="periodical",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="publications.periodical",
                verbose_name="刊物",
            ),
        ),
        migrations.AddConstraint(
            model_name="adoption",
            constraint=models.UniqueConstraint(
                condition=models.Q(("issue__isnull", False)),
                fields=("item", "issue"),
                name="items_adoption_once_per_issue",
            ),
        ),
        migrations.RenameField(model_name="item", old_name="commission_id", new_name="commission"),
        migrations.AlterField(
            model_name="item",
            name="commission",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="commissions.commission",
                verbose_name="约稿",
            ),
        ),
    ]
