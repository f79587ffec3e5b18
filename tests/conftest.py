import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
