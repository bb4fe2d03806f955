"""Letter templates in large print, Easy Read and Welsh beside the standard ones: one
template per type, format and language. Each issued letter records its language."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0007_reconsideration_letters"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="lettertemplate",
            options={"ordering": ["letter_type", "format", "language"]},
        ),
        migrations.AddField(
            model_name="letter",
            name="language",
            field=models.CharField(
                blank=True, help_text="The language it is written in.", max_length=5
            ),
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="format",
            field=models.CharField(
                choices=[
                    ("standard", "Standard print"),
                    ("large_print", "Large print"),
                    ("easy_read", "Easy Read"),
                ],
                default="standard",
                help_text="Large print is printed at 16 point or more in its own layout; Easy Read uses short sentences, one idea a line.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="lettertemplate",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("cy", "Welsh (Cymraeg)")], default="en", max_length=5
            ),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="letter_type",
            field=models.CharField(
                choices=[
                    ("warning", "Warning"),
                    ("restriction", "Restriction decision"),
                    ("review_continued", "Review: restriction continues"),
                    ("variation", "Review: restriction varied"),
                    ("review_lifted", "Review: restriction lifted"),
                    ("ended", "Restriction has ended"),
                    ("reconsideration", "Reconsideration outcome"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(
                fields=("letter_type", "format", "language"),
                name="one_letter_template_per_format_and_language",
                violation_error_message="There is already a template of this type in this format and language. Edit that one",
            ),
        ),
    ]
