"""Private file stores: personal data kept outside the public media, served only through
checked, audited views.

A model's file field picks its store once, when the model is loaded. The stores here are
looked up afresh whenever ``STORAGES`` changes, so a field follows the configuration it
runs under (S3 in production, a local folder otherwise, a test's own bucket in tests).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

# One lazy store for each name (and folder), however often a field asks for it.
_stores = {}


class _NamedStorage(LazyObject):
    """The store named ``name`` in ``STORAGES``, or what ``fallback`` makes if none is."""

    def __init__(self, name, fallback):
        self.__dict__["_name"] = name
        self.__dict__["_fallback"] = fallback
        super().__init__()

    def _setup(self):
        name = self.__dict__["_name"]
        if name in settings.STORAGES:
            self._wrapped = storages[name]
        else:
            self._wrapped = self.__dict__["_fallback"]()

    def _forget(self):
        self._wrapped = empty

    # Model fields are copied (by migrations and forms): every copy is this one store.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


@receiver(setting_changed)
def _follow_storages(*, setting, **kwargs):
    if setting == "STORAGES":
        for store in _stores.values():
            store._forget()


def private_storage(name, location):
    """The storage named ``name`` in ``STORAGES`` if one is configured (S3 in production),
    else a private folder at ``location`` with no public address."""

    key = (name, str(location))
    if key in _stores:
        return _stores[key]

    def private_folder():
        # Readable by the app's own user only: other accounts on the server never see them.
        return FileSystemStorage(
            location=location,
            base_url=None,
            file_permissions_mode=0o600,
            directory_permissions_mode=0o700,
        )

    _stores[key] = _NamedStorage(name, private_folder)
    return _stores[key]


def named_or_default_storage(name):
    """The storage named ``name`` in ``STORAGES`` if one is configured, else the default
    one (the media folder)."""
    key = (name, None)
    if key not in _stores:
        _stores[key] = _NamedStorage(name, lambda: storages["default"])
    return _stores[key]
