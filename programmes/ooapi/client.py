"""Reading an OOAPI v5 endpoint: pages followed to the end, with timeouts, retries and limits,
and every failure as a SourceError whose text a staff member can act on (in Dutch)."""

import functools
import json
import time
from urllib.parse import quote

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from .mapping import BrokenContract

# A status worth asking again: the source or something in front of it is busy or restarting.
TRANSIENT = {429, 500, 502, 503, 504}


@functools.cache
def tls():
    """One TLS context (the CA certificates read once) for every run in this process."""
    return httpx.create_ssl_context()


class SourceError(Exception):
    """The source could not be read: the run changes nothing and is logged with this reason."""


class Source:
    """One OOAPI endpoint, read the way settings say (OOAPI_*)."""

    def __init__(self, url=None, token=None, organization=None):
        self.url = (url if url is not None else settings.OOAPI_URL).rstrip("/")
        token = token if token is not None else settings.OOAPI_TOKEN
        self.organization = (
            organization if organization is not None else settings.OOAPI_ORGANIZATION
        )
        headers = {"Accept": "application/json", "User-Agent": "mkbroute-ooapi-import"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(settings.OOAPI_TIMEOUT),
            follow_redirects=True,
            verify=tls(),
        )
        self.requests = 0

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def programs(self):
        if self.organization:
            return self.collection(f"/organizations/{quote(self.organization, safe='')}/programs")
        return self.collection("/programs")

    def offerings(self, program_id):
        return self.collection(f"/programs/{quote(program_id, safe='')}/offerings")

    def collection(self, path):
        """Every item of a paged collection, following hasNextPage.

        A source whose hasNextPage never ends (a page that comes back the same, or more pages
        than OOAPI_MAX_PAGES) is an error: better no import than one that never stops.
        """
        items, seen = [], set()
        for number in range(1, settings.OOAPI_MAX_PAGES + 1):
            params = {"pageSize": settings.OOAPI_PAGE_SIZE, "pageNumber": number, "consumer": "rio"}
            page = self.get_json(path, params)
            if not isinstance(page, dict):
                raise BrokenContract(_("%(url)s gaf geen pagina (object).") % self.named(path))
            found, more = page.get("items"), page.get("hasNextPage")
            if not isinstance(found, list) or not isinstance(more, bool):
                raise BrokenContract(
                    _("%(url)s gaf een pagina zonder items of hasNextPage.") % self.named(path)
                )
            ids = {json.dumps(item, sort_keys=True) for item in found}
            if more and (not found or ids <= seen):
                raise SourceError(
                    _(
                        "De bron blijft een volgende pagina melden, maar pagina %(number)s van "
                        "%(url)s brengt niets nieuws: het bladeren stopt nooit."
                    )
                    % {"number": number, **self.named(path)}
                )
            seen |= ids
            items += found
            if not more:
                return items
        raise SourceError(
            _("%(url)s heeft meer dan %(max)s pagina's: het bladeren stopt niet.")
            % {"max": settings.OOAPI_MAX_PAGES, **self.named(path)}
        )

    def named(self, path):
        return {"url": self.url + path}

    def get_json(self, path, params):
        body = self.get(path, params)
        try:
            return json.loads(body)
        except ValueError:
            raise SourceError(
                _("Het antwoord van %(url)s is geen geldige JSON.") % self.named(path)
            ) from None

    def get(self, path, params):
        """The body of a 200 answer, asking again after a timeout, a lost connection or a
        busy server (OOAPI_RETRIES times, waiting longer each time)."""
        delay = settings.OOAPI_RETRY_DELAY
        for attempt in range(settings.OOAPI_RETRIES + 1):
            last = attempt == settings.OOAPI_RETRIES
            try:
                return self.fetch(path, params)
            except (httpx.TimeoutException, TimeoutError):
                if last:
                    raise SourceError(
                        _(
                            "De bron antwoordde niet binnen %(seconds)s seconden op %(url)s "
                            "(%(tries)s keer geprobeerd)."
                        )
                        % {
                            "seconds": f"{settings.OOAPI_TIMEOUT:g}",
                            "tries": attempt + 1,
                            **self.named(path),
                        }
                    ) from None
            except httpx.TransportError as error:
                if last:
                    raise SourceError(
                        _("De bron is niet bereikbaar op %(url)s (%(error)s).")
                        % {"error": type(error).__name__, **self.named(path)}
                    ) from None
            except Busy as busy:
                if last:
                    raise SourceError(
                        _(
                            "De bron gaf een serverfout (%(status)s) op %(url)s, ook na "
                            "%(tries)s keer proberen."
                        )
                        % {"status": busy.status, "tries": attempt + 1, **self.named(path)}
                    ) from None
            time.sleep(delay)
            delay *= 2

    def fetch(self, path, params):
        self.requests += 1
        limit = settings.OOAPI_MAX_BYTES
        deadline = time.monotonic() + 4 * settings.OOAPI_TIMEOUT  # a source that drips slowly
        with self.http.stream("GET", self.url + path, params=params) as response:
            if response.status_code in TRANSIENT:
                raise Busy(response.status_code)
            if response.status_code in (401, 403):
                raise SourceError(
                    _(
                        "De bron weigert de toegang (%(status)s) op %(url)s: klopt OOAPI_TOKEN, "
                        "en mag dit token de opleidingen lezen?"
                    )
                    % {"status": response.status_code, **self.named(path)}
                )
            if response.status_code != 200:
                raise SourceError(
                    _("De bron antwoordde %(status)s op %(url)s.")
                    % {"status": response.status_code, **self.named(path)}
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isascii() and declared.isdigit() and int(declared) > limit:
                raise self.too_big(path)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise self.too_big(path)
                if time.monotonic() > deadline:
                    raise TimeoutError
            return bytes(body)

    def too_big(self, path):
        return SourceError(
            _(
                "Het antwoord van %(url)s is groter dan %(mb)s MB: zo groot is geen pagina met "
                "opleidingen; de bron stuurt iets anders of veel te veel."
            )
            % {"mb": settings.OOAPI_MAX_BYTES // 1_000_000, **self.named(path)}
        )


class Busy(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status
