"""The project's settings plus the floor view (bench/urls.py), for the benchmarks only."""

from kokken.settings import *

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Measured as served: no query log, no debug pages.
DEBUG = False
