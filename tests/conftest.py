import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test: its own media folder, an empty cache, and spam limits a test can pass."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.LEADS_RATE_LIMIT = "10000/m"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()
