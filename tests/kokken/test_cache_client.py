"""The Redis cache builds one ``redis.Redis`` per connection pool, not one per cache call
(kokken/cache.py: building one cost about 0.15 ms, several times a page)."""

import os
import uuid

import pytest
import redis

from kokken.cache import ResilientRedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis")


def test_cache_calls_share_one_redis_client(monkeypatch):
    made = []
    build = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        build(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    cache = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": uuid.uuid4().hex})
    for n in range(5):
        cache.set(f"k{n}", n)
        assert cache.get(f"k{n}") == n
        assert cache.get_many([f"k{n}"]) == {f"k{n}": n}
    cache.delete_many([f"k{n}" for n in range(5)])
    assert cache.get("k0") is None
    assert len(made) == 1
