"""Where evidence files live: outside the public media, served only through a checked view."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def evidence_storage():
    """The "evidence" storage if one is configured (S3 in production), else a private folder."""
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    return FileSystemStorage(location=settings.EVIDENCE_ROOT, base_url=None)
