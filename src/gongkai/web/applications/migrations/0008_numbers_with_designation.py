"""Document numbers open with the agency's 机关代字 (agencies 0003), not its full name: the seeded
templates that still number with ``{{ agency }}`` switch to ``{{ designation }}``; a number the office
wrote itself is left as it is."""

from django.db import migrations, models

NAME, DESIGNATION = "{{ agency }}依申", "{{ designation }}依申"


def forwards(apps, schema_editor):
    DocumentTemplate = apps.get_model("applications", "DocumentTemplate")
    for template in DocumentTemplate.objects.filter(number__startswith=NAME):
        template.number = DESIGNATION + template.number.removeprefix(NAME)
        template.save(update_fields=["number"])


def backwards(apps, schema_editor):
    DocumentTemplate = apps.get_model("applications", "DocumentTemplate")
    for template in DocumentTemplate.objects.filter(number__startswith=DESIGNATION):
        template.number = NAME + template.number.removeprefix(DESIGNATION)
        template.save(update_fields=["number"])


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0003_agency_designation"),
        ("applications", "0007_rate_limit_cache"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documenttemplate",
            name="number",
            field=models.CharField(help_text="如“{{ designation }}依申复〔{{ year }}〕{{ serial }}号”（机关代字）",
                                   max_length=200, verbose_name="发文字号"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
