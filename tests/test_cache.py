"""The Redis cache backend (runs where REDIS_URL is set, as in CI's PostgreSQL stage)."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="REDIS_URL is not set: the cache is local memory."
)


def test_reads_and_writes_through_djangos_redis_cache():
    """Django's own backend (the client kept per connection pool was dropped as not worth
    its private API: docs/performance.md, "Fast paths kept and dropped")."""
    assert settings.CACHES["default"]["BACKEND"] == ("django.core.cache.backends.redis.RedisCache")
    cache.set("test-cache-key", {"a": [1, 2]}, 30)
    assert cache.get("test-cache-key") == {"a": [1, 2]}
    assert cache.incr(cache.add("test-counter", 1) and "test-counter") == 2
    assert cache.get_many(["test-cache-key", "test-counter"]) == {
        "test-cache-key": {"a": [1, 2]},
        "test-counter": 2,
    }
    cache.delete_many(["test-cache-key", "test-counter"])
    assert cache.get("test-cache-key") is None
