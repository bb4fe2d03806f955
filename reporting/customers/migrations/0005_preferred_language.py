"""A language for letters, apart from their format: someone may need large print in Welsh.
People whose format was "Welsh" keep standard print, now in Welsh."""

from django.db import migrations, models


def welsh_becomes_a_language(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    Customer.objects.filter(preferred_format="welsh").update(
        preferred_format="standard", preferred_language="cy"
    )


def welsh_becomes_a_format_again(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    Customer.objects.filter(preferred_format="standard", preferred_language="cy").update(
        preferred_format="welsh"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_detail_grants"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="preferred_language",
            field=models.CharField(
                choices=[("en", "English"), ("cy", "Welsh (Cymraeg)")],
                default="en",
                help_text="The language letters are written in.",
                max_length=5,
            ),
        ),
        migrations.RunPython(welsh_becomes_a_language, welsh_becomes_a_format_again),
        migrations.AlterField(
            model_name="customer",
            name="preferred_format",
            field=models.CharField(
                choices=[
                    ("standard", "Standard print"),
                    ("large_print", "Large print"),
                    ("easy_read", "Easy Read"),
                    ("other_language", "Another language"),
                    ("braille", "Braille"),
                ],
                default="standard",
                max_length=20,
            ),
        ),
    ]
