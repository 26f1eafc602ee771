"""Tell the layer in front (Varnish, a CDN) what each reader's page shows.

With NEWSROOM_SURROGATE_KEYS set to a header name, every page kept for anonymous
readers names its keys in that header: `xkey` for Varnish's xkey module,
`Surrogate-Key` for Fastly, `Cache-Tag` for Cloudflare (comma-separated there).
`Surrogate-Control` and `CDN-Cache-Control` (RFC 9213) then let that layer keep the
page NEWSROOM_SURROGATE_MAX_AGE seconds, while browsers still revalidate every time:
the purge (purging.py) tells the layer when the keys change, so it never waits that long.
"""

from django.conf import settings

SEPARATORS = {"cache-tag": ","}


def name_keys(response, keys) -> None:
    """Put `keys` in the surrogate-key header, and let the layer in front keep the page."""
    header = getattr(settings, "NEWSROOM_SURROGATE_KEYS", "")
    if not header or not keys:
        return
    response[header] = SEPARATORS.get(header.lower(), " ").join(sorted(keys))
    max_age = getattr(settings, "NEWSROOM_SURROGATE_MAX_AGE", 86400)
    response["Surrogate-Control"] = f"max-age={max_age}"
    response["CDN-Cache-Control"] = f"max-age={max_age}"
