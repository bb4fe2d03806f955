"""Where evidence files live: outside the public media, served only through a checked view."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def evidence_storage():
    """The "evidence" storage if one is configured (S3 in production), else a private folder."""
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    return FileSystemStorage(location=settings.EVIDENCE_ROOT, base_url=None)


def letter_storage():
    """The "letters" storage if one is configured, else a private folder. Issued letters
    are personal data: they are served only through a checked, audited view."""
    if "letters" in settings.STORAGES:
        return storages["letters"]
    return FileSystemStorage(location=settings.LETTERS_ROOT, base_url=None)
