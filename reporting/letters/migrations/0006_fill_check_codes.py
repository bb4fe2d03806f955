"""Give every letter issued before the public letter check its check code, worked out
from its reference and words as sent, as ``issue_letter`` does for new letters.

Issued letters are kept as written, and on PostgreSQL a trigger refuses any UPDATE of
them (``letters/0004_letters_kept``). Filling this one new, derived column changes
nothing a letter said, so this migration alone opens that guard for its own transaction
(``SET LOCAL`` ends with it), using the setting the retention schedule uses.
"""

from django.db import migrations

from reporting.letters.check_codes import check_code


def fill(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    letters = Letter.objects.filter(check_code="").only("pk", "reference", "body_text")
    if not letters.exists():
        return
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL safecontact.retention = 'on';")
    for letter in letters.iterator():
        code = check_code(letter.reference, letter.body_text)
        Letter.objects.filter(pk=letter.pk).update(check_code=code)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL safecontact.retention = 'off';")


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_check_code_and_checks")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
