"""A Redis cache that a stopped Redis cannot turn into error pages.

Redis is the broker and the cache. When it stops, every page must still render: a read
is a miss, a write is skipped (and logged once per call site), so nothing depends on the
cache being there. Timeouts are short so a request does not hang on it.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


def _tolerant(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except DOWN:
                logger.warning("cache unavailable: %s skipped", method.__name__)
                return default(*args, **kwargs) if callable(default) else default
        return wrapped
    return decorate


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a ``redis.Redis`` for every cache call, and each one sets up
    some 250 response callbacks: about 0.15 ms a call, three or more calls a page (issue 18's
    sixth pass). A ``redis.Redis`` is safe to share (it takes a connection from its pool for
    each command), so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _tolerant(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    set_many = _tolerant([])(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(False)(RedisCache.clear)
