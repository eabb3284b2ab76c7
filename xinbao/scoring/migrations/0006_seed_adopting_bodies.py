"""The national adopting bodies every office names (中办, 国办, 全国政协) with their usual short names.
Provincial and local bodies inside the system are the hubs themselves; others are added by the hubs."""

from django.db import migrations

BODIES = [
    ("中共中央办公厅", "中办、中央办公厅", "central"),
    ("国务院办公厅", "国办", "central"),
    ("全国政协办公厅", "全国政协", "central"),
    ("全国人大常委会办公厅", "全国人大", "central"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    body = apps.get_model("scoring", "AdoptingBody")
    for order, (name, aliases, level) in enumerate(BODIES, start=1):
        body.objects.get_or_create(name=name, defaults={"aliases": aliases, "level": level, "order": order})


class Migration(migrations.Migration):
    dependencies = [("scoring", "0005_register_of_bodies_writer_attributes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
