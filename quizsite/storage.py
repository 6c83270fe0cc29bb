"""WhiteNoise's compressed manifest storage, with each static file's URL worked out once.

Every page asks for the same few static URLs (`{% static %}`, `{% htmx_script %}`); the
manifest storage cleans the name, looks it up in the manifest and joins it to STATIC_URL
each time. The manifest is read once, when the storage is created, so
a name's URL cannot change while the process runs: remember it. (Settings changes that
affect static files make Django create a new storage, with an empty memo.)
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:  # DEBUG serves unhashed names: leave that to Django
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
