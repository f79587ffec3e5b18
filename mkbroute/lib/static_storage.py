"""Static files with hashed names, that still work before the first collectstatic.

A production-like try on a laptop (DJANGO_DEBUG=0 and runserver) has no manifest yet: every
page would fail on its stylesheet link. Until collectstatic has written one, the sources'
own names are used, and WhiteNoise serves them from the app folders (settings turn on its
finders for exactly that case).
"""

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestOrSourcesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if not self.hashed_files and not force:
            return StaticFilesStorage.url(self, name)
        return super().url(name, force)
