"""The project's settings plus the floor view (bench/urls.py), for the benchmarks only."""

from kokken.settings import *

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Measured as served: no query log, no debug pages.
DEBUG = False
# wrk sends thousands of API requests a minute as one user: a rate it cannot reach keeps the
# throttle's own work (a cache read and write per request) in the figures without its 429s.
API_THROTTLE_RATES = {**API_THROTTLE_RATES, "user": "1000000/minute"}
