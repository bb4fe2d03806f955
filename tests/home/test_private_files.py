"""Evidence and letters are personal data: on disk they are readable by the app's own
user only."""

import stat

from django.core.files.base import ContentFile

from home.storage import private_storage


def test_private_files_and_their_folders_are_for_the_owner_only(tmp_path):
    storage = private_storage("no-such-store", tmp_path / "private")
    name = storage.save("letters/2026/FDC-2026-00001.pdf", ContentFile(b"%PDF-1.7\n"))
    path = tmp_path / "private" / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "private" / "letters").stat().st_mode) == 0o700
