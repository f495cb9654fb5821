from django.db import migrations, models


def fill_paths(apps, schema_editor):
    """Each agency's path from the root down, one level of the tree at a time."""
    Agency = apps.get_model("agencies", "Agency")
    level = list(Agency.objects.filter(parent__isnull=True))
    while level:
        for agency in level:
            agency.path = f"{agency.parent.path if agency.parent_id else '/'}{agency.pk}/"
        Agency.objects.bulk_update(level, ["path"])
        level = list(Agency.objects.filter(parent__in=level).select_related("parent"))


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='agency',
            name='path',
            field=models.CharField(db_index=True, default='', editable=False, max_length=255, verbose_name='机构层级路径'),
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
    ]
