"""The production cache backend keeps one redis-py client a connection pool, and still
stores, reads and deletes like Django's own, against the Redis this machine runs."""

import os
import threading

import pytest
from django.core.cache.backends.redis import RedisCache

from home.redis_cache import KeptClientRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def cache():
    made = KeptClientRedisCache(REDIS_URL, {"KEY_PREFIX": "kept-client-test"})
    made.clear()
    yield made
    made.clear()
    made.close()


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client()
    assert cache._cache.get_client("any-key", write=True) is client
    # Django's own makes a new one each time: the cost this backend saves.
    plain = RedisCache(REDIS_URL, {})
    assert plain._cache.get_client() is not plain._cache.get_client()


def test_it_stores_reads_and_forgets_like_django_s_own(cache):
    cache.set("page", {"content": b"<html></html>", "status": 200}, 30)
    assert cache.get("page") == {"content": b"<html></html>", "status": 200}
    assert cache.add("page", "other", 30) is False
    assert cache.get_many(["page", "missing"]) == {
        "page": {"content": b"<html></html>", "status": 200}
    }
    cache.delete("page")
    assert cache.get("page") is None
    assert cache.incr(cache.add("hits", 1) and "hits") == 2


def test_threads_share_the_client_safely(cache):
    errors = []

    def work(number):
        try:
            for step in range(50):
                cache.set(f"t{number}", step, 30)
                assert cache.get(f"t{number}") == step
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
