#!/usr/bin/env python3
"""Container health checks (standard library only: no Django start-up every 30 seconds).

    healthcheck.py http /healthz        the web process answers (200)
    healthcheck.py http /readyz         …and its database, broker, storage, workers, fonts are fine
    healthcheck.py pid /tmp/beat.pid    the process named in the pid file is alive (celery beat)

HTTP probes go to 127.0.0.1:8000 with the first ALLOWED_HOSTS name as Host and
``X-Forwarded-Proto: https`` (TLS ends at the reverse proxy; without it production
settings would redirect the probe).
"""

import os
import sys
import urllib.error
import urllib.request


def http(path: str) -> int:
    host = (os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost")
    host = host.lstrip(".")  # ".example.jp" allows subdomains; any name under it will do
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{path}",
        headers={"Host": host, "X-Forwarded-Proto": "https", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1


def pid(pidfile: str) -> int:
    try:
        with open(pidfile) as fh:
            os.kill(int(fh.read().strip()), 0)
    except (OSError, ValueError) as exc:
        print(f"{pidfile}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    mode, arg = sys.argv[1], sys.argv[2]
    sys.exit({"http": http, "pid": pid}[mode](arg))
