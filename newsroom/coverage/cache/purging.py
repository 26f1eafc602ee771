"""Tell the layer in front (Varnish, Fastly, Cloudflare) which keys changed.

Off unless NEWSROOM_PURGE names a backend: `varnish` (its xkey module; the VCL in
deploy/varnish/newsroom.vcl answers PURGE requests naming keys in `xkey-purge`),
`fastly` (purge by surrogate key), `cloudflare` (purge by cache tag), or the dotted
path of a class with a `purge(keys)` method. Every change's keys are sent through the
task queue once it commits (`purge_later`), so a slow or unreachable CDN never holds up
an editor; a purge that fails is retried with backoff and then logged.
"""

import json
import logging
import time
import urllib.request
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
ATTEMPTS = (1, 2, 4)  # seconds to wait before each retry


class VarnishXkey:
    """PURGE to each Varnish server, the keys in `xkey-purge` (Varnish's xkey module)."""

    batch = 200

    def __init__(self):
        self.servers = [u.strip() for u in settings.NEWSROOM_PURGE_URLS if u.strip()]

    def requests(self, keys):
        for server in self.servers:
            yield urllib.request.Request(
                server, method="PURGE", headers={"xkey-purge": " ".join(keys)}
            )


class Fastly:
    """Fastly's purge by surrogate key: POST /service/<id>/purge, up to 256 keys a request."""

    batch = 256

    def requests(self, keys):
        yield urllib.request.Request(
            f"{settings.NEWSROOM_PURGE_API or 'https://api.fastly.com'}"
            f"/service/{settings.NEWSROOM_FASTLY_SERVICE}/purge",
            method="POST",
            headers={"Fastly-Key": settings.NEWSROOM_PURGE_TOKEN, "Surrogate-Key": " ".join(keys)},
        )


class Cloudflare:
    """Cloudflare's purge by cache tag: POST /zones/<id>/purge_cache, 30 tags a request."""

    batch = 30

    def requests(self, keys):
        yield urllib.request.Request(
            f"{settings.NEWSROOM_PURGE_API or 'https://api.cloudflare.com/client/v4'}"
            f"/zones/{settings.NEWSROOM_CLOUDFLARE_ZONE}/purge_cache",
            method="POST",
            data=json.dumps({"tags": list(keys)}).encode(),
            headers={
                "Authorization": f"Bearer {settings.NEWSROOM_PURGE_TOKEN}",
                "Content-Type": "application/json",
            },
        )


BACKENDS = {"varnish": VarnishXkey, "fastly": Fastly, "cloudflare": Cloudflare}


@cache
def _backend_class(name: str):
    return BACKENDS.get(name) or import_string(name)


def backend():
    """Return the configured purge backend, or None when purging is off."""
    name = getattr(settings, "NEWSROOM_PURGE", "")
    return _backend_class(name)() if name else None


def purge_later(keys) -> None:
    """Queue a purge of `keys` (nothing when purging is off)."""
    if not getattr(settings, "NEWSROOM_PURGE", ""):
        return
    from newsroom.coverage.background.queueing import enqueue
    from newsroom.coverage.background.tasks import purge_keys

    enqueue(purge_keys, sorted(keys))


def purge(keys: list[str]) -> int:
    """Send `keys` to the layer in front; return the number of requests it answered."""
    chosen = backend()
    if chosen is None:
        return 0
    if hasattr(chosen, "purge"):
        return chosen.purge(keys)
    sent = 0
    for start in range(0, len(keys), chosen.batch):
        for request in chosen.requests(keys[start : start + chosen.batch]):
            _send(request)
            sent += 1
    return sent


def _send(request) -> None:
    for attempt, wait in enumerate((*ATTEMPTS, None)):
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()
            return
        except OSError as error:  # refused, timed out, or an HTTP error status
            if wait is None:
                logger.error(
                    "Purge %s %s failed %d times: %s",
                    request.method,
                    request.full_url,
                    attempt + 1,
                    error,
                )
                raise
            time.sleep(wait)
