"""The three channels every office has (党委信息 / 政务信息 / 政协社情民意)."""

from django.db import migrations

CHANNELS = [("party", "党委信息", 1), ("gov", "政务信息", 2), ("cppcc", "政协社情民意", 3)]


def add_channels(apps, schema_editor):
    Channel = apps.get_model("orgs", "Channel")
    for code, name, order in CHANNELS:
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [migrations.RunPython(add_channels, migrations.RunPython.noop)]
