"""Private file stores: personal data kept outside the public media, served only through
checked, audited views."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def private_storage(name, location):
    """The storage named ``name`` in ``STORAGES`` if one is configured (S3 in production),
    else a private folder at ``location`` with no public address."""
    if name in settings.STORAGES:
        return storages[name]
    # Readable by the app's own user only: other accounts on the server never see them.
    return FileSystemStorage(
        location=location,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )
