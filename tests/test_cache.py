"""The Redis cache backend (runs where REDIS_URL is set, as in CI's PostgreSQL stage)."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="REDIS_URL is not set: the cache is local memory."
)


def test_reads_and_writes_through_one_client_per_pool():
    cache.set("test-cache-key", {"a": [1, 2]}, 30)
    first = cache._cache.get_client(write=False)
    assert cache.get("test-cache-key") == {"a": [1, 2]}
    assert cache.incr(cache.add("test-counter", 1) and "test-counter") == 2
    assert cache.get_many(["test-cache-key", "test-counter"]) == {
        "test-cache-key": {"a": [1, 2]},
        "test-counter": 2,
    }
    cache.delete_many(["test-cache-key", "test-counter"])
    assert cache.get("test-cache-key") is None
    assert cache._cache.get_client(write=True) is first  # one server: one pool, one client
