"""A Redis cache that degrades to no cache while Redis is unreachable.

The cache only ever holds what can be rebuilt (rendered pages, the content version,
throttle counters), so an outage should slow the site down, not take it down: reads
miss, writes are dropped, and a warning is logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY = 60  # seconds


class ResilientRedisCache(RedisCache):
    _warned_at = 0.0

    def _unavailable(self, error, default):
        now = time.monotonic()
        if now - ResilientRedisCache._warned_at > WARN_EVERY:
            ResilientRedisCache._warned_at = now
            logger.warning("Redis is unreachable; serving without the cache: %s", error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, {})

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE as error:
            self._unavailable(error, None)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            # Callers of incr treat a missing key as ValueError; so do we.
            self._unavailable(error, None)
            raise ValueError(f"Key {key!r} not found (cache unavailable)") from error

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            return self._unavailable(error, False)
