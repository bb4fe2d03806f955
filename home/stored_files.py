"""Removing stored files with their rows: the bytes go only once the deletion of the rows
has been committed, so a run that rolls back never leaves a row without its file."""

from functools import partial

from django.db import transaction


def delete_files_on_commit(fields, using=None) -> int:
    """Delete the stored files of ``fields`` (FieldFile values) after the transaction
    commits; returns how many there were."""
    names = [(field.storage, field.name) for field in fields if field and field.name]
    for storage, name in names:
        transaction.on_commit(partial(storage.delete, name), using=using)
    return len(names)
