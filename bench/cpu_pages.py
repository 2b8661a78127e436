"""CPU time of the serving process per request, per key page (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench DJANGO_SETTINGS_MODULE=bench.settings \
        .venv/bin/python bench/cpu_pages.py [page …]

In-process with Django's test client, like bench/pages.py, but timed with
``time.process_time`` (this process's CPU only: the database's work and the waiting on a
loaded machine are left out, so figures from a shared machine compare). One warm-up
request, then ``-n`` requests; prints the median and the spread, and the queries of one
request. Under ``bench.settings`` (DEBUG off, as served) the floor is measured too.
``--cold`` clears the cache before every request (the first view after a change).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import key_pages
from bench.session import signed_in

settings.ALLOWED_HOSTS = ["*"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", help="names of pages (default: all)")
    parser.add_argument("-n", type=int, default=15, help="requests per page")
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    args = parser.parse_args()
    print("| page | user | path | CPU ms median | min | max | queries |")
    print("|---|---|---|---:|---:|---:|---:|")
    for name, user, path in key_pages():
        if args.pages and name not in args.pages:
            continue
        if name in ("floor", "base") and settings.ROOT_URLCONF != "bench.urls":
            continue  # the floor views exist under bench.settings only
        client = signed_in(user)
        assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(args.n):
            if args.cold:
                cache.clear()
            start = time.process_time()
            client.get(path)
            timings.append((time.process_time() - start) * 1000)
        if args.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"| {name} | {user} | `{path}` | {statistics.median(timings):.1f} | "
              f"{min(timings):.1f} | {max(timings):.1f} | {len(queries)} |", flush=True)


if __name__ == "__main__":
    main()
