# ScoreEntry.item_id becomes a real foreign key to items.Item (same column).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0002_ranking_index"),
        ("items", "0006_real_foreign_keys"),
    ]

    operations = [
        migrations.RenameField(model_name="scoreentry", old_name="item_id", new_name="item"),
        migrations.AlterField(
            model_name="scoreentry",
            name="item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="items.item",
                verbose_name="信息",
            ),
        ),
    ]
