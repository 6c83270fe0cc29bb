"""Django's Redis cache backend, with one client object per connection pool.

Django builds a new `redis.Redis` for every cache operation, and redis-py's constructor
copies its table of response callbacks each time, a cost paid by every request that
loads its session (docs/performance.md). A `redis.Redis` is safe to
share (connections come from the pool), so each pool gets one.
"""

from django.core.cache.backends import redis


class _ReusedClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    # `_get_connection_pool` and `_client` are Django's RedisCacheClient's own (private,
    # absent from django-stubs).
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
