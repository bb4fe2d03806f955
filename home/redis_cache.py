"""Django's Redis cache, keeping its redis-py client instead of making one a call.

Django's ``RedisCacheClient`` makes a new ``redis.Redis`` for every cache operation, and
redis-py's constructor fills a table of about 170 reply handlers each time. On a cached
public page that table cost more than the round trip to Redis itself (a profile of the
page cache's hit: about 40% of the request). The client holds no per-call state, only its
connection pool, and is safe to share between threads, so one a pool is kept and used
again. After a fork (gunicorn's workers), redis-py's pool notices the new process and
opens its own connections.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class KeptClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client a pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
