"""Pages over HTTP: gunicorn (2 sync workers) on 127.0.0.1, PostgreSQL, wrk (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench \\
        .venv/bin/python bench/served.py [--before DIR] [--rounds 5] [--seconds 3] [page …]

Starts gunicorn on this checkout (and, with --before, on another checkout of the code: a
`git worktree` of the older commit with this bench/ directory copied in) against the same
database, signs each page's user in (a session cookie, second factor recorded), then runs
interleaved rounds: in each round, for each page, for each server, one wrk run with one
connection (serial latency), one with 10 connections (--connections: throughput) and one with
20 (--peak: the issue's budget is p95 < 200 ms at 20 connections). The floor, a bare
template view (bench/urls.py), is measured in the same rounds; every figure is also given
as a ratio to the floor of its round. Medians over the rounds are printed as a Markdown
table. Needs Debian's `wrk` (scripts/system-packages.sh bench).
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench.pages import key_pages  # noqa: E402
from bench.session import session_cookie  # noqa: E402

DEFAULT_PAGES = ["floor", "sheet", "section", "hr-register", "matrix", "aggregate",
                 "home-secretariat", "home-ministry", "reviews", "api-sheets",
                 "training-catalogue", "ip-coicases", "security-chapter", "practices-search",
                 "api-hr-crossappointments"]
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"p50": %.3f, "p95": %.3f, "p99": %.3f, "rps": %.2f, "n": %d, "errors": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def start(code_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(code_dir),
           "LOG_LEVEL": "ERROR"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "kokken.wsgi:application"],
        cwd=code_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn on {code_dir} did not start: {process.stderr.read()[-2000:]}")


def check(port: int, path: str, cookie: str) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    status = opener.open(request, timeout=60).status
    if status != 200:
        raise SystemExit(f"{path} answered {status} on port {port}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port: int, path: str, cookie: str, connections: int, seconds: int, script: str) -> dict:
    command = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", "10s", "-s", script, f"http://127.0.0.1:{port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(next(line for line in out.splitlines() if line.startswith("JSON "))[5:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--before", type=Path, help="another checkout of the code to compare")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=10,
                        help="connections of the throughput measure (default 10)")
    parser.add_argument("--peak", type=int, default=20,
                        help="connections of the latency-under-load measure (default 20)")
    args = parser.parse_args()

    pages = {name: (user, path) for name, user, path in key_pages() if name in args.pages}
    servers = {"after": (ROOT, 18301)}
    if args.before:
        servers = {"before": (args.before.resolve(), 18302), **servers}
    # An older checkout may not know this one's sign-in backend (kokken.backends.UserBackend,
    # issue 18); its sessions name Django's ModelBackend, which every version lists.
    backends = {"after": None, "before": "django.contrib.auth.backends.ModelBackend"}
    cookies = {(server, user): session_cookie(user, backends[server])
               for server in servers for user, _ in pages.values()}
    connection.close()
    processes = [start(code_dir, port) for code_dir, port in servers.values()]
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA)
    script.close()
    results: dict[tuple[str, str], list[tuple[dict, dict, dict]]] = {}
    try:
        for name, (user, path) in pages.items():
            for server, (_, port) in servers.items():
                cookie = "" if name == "floor" else cookies[(server, user)]
                check(port, path, cookie)
                wrk(port, path, cookie, 1, 1, script.name)  # warm both workers
                wrk(port, path, cookie, 2, 1, script.name)
        for round_no in range(args.rounds):
            for name, (user, path) in pages.items():
                for server, (_, port) in servers.items():
                    cookie = "" if name == "floor" else cookies[(server, user)]
                    serial = wrk(port, path, cookie, 1, args.seconds, script.name)
                    loaded = wrk(port, path, cookie, args.connections, args.seconds, script.name)
                    peak = wrk(port, path, cookie, args.peak, args.seconds, script.name)
                    results.setdefault((server, name), []).append((serial, loaded, peak))
            print(f"round {round_no + 1}/{args.rounds} done, load average "
                  f"{os.getloadavg()[0]:.1f}", file=sys.stderr)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        os.unlink(script.name)
    report(results, pages, servers, args)


def report(results, pages, servers, args) -> None:
    print(f"database: {connection.vendor}; {args.rounds} interleaved rounds of {args.seconds} s "
          f"per measure; wrk -c1 (serial), -c{args.connections} and -c{args.peak}; medians "
          f"over the rounds; ratios to the floor of the same round and server.\n")
    c, k = args.connections, args.peak
    print(f"| page | server | serial p50 ms | × floor | p95 ms | req/s at {c} | floor ÷ req/s "
          f"| p95 ms at {c} | p99 ms at {c} | p95 ms at {k} | p99 ms at {k} | errors |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in pages:
        for server in servers:
            runs = results[(server, name)]
            floor = results.get((server, "floor"), runs)
            med = lambda values: statistics.median(values)  # noqa: E731
            serial_ratio = med([s["p50"] / f[0]["p50"] for (s, _, _), f in zip(runs, floor)])
            rps_ratio = med([f[1]["rps"] / max(loaded["rps"], 0.01)
                             for (_, loaded, _), f in zip(runs, floor)])
            print(f"| {name} | {server} | {med([s['p50'] for s, _, _ in runs]):.1f} | "
                  f"{serial_ratio:.1f} | {med([s['p95'] for s, _, _ in runs]):.1f} | "
                  f"{med([x['rps'] for _, x, _ in runs]):.0f} | {rps_ratio:.1f} | "
                  f"{med([x['p95'] for _, x, _ in runs]):.0f} | "
                  f"{med([x['p99'] for _, x, _ in runs]):.0f} | "
                  f"{med([y['p95'] for _, _, y in runs]):.0f} | "
                  f"{med([y['p99'] for _, _, y in runs]):.0f} | "
                  f"{sum(s['errors'] + x['errors'] + y['errors'] for s, x, y in runs)} |")


if __name__ == "__main__":
    main()
