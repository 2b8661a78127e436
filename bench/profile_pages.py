"""Where a page's time goes: pyinstrument over N requests of each key page (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench .venv/bin/python bench/profile_pages.py [page …]

In-process with Django's test client on the demo data (`manage.py seed_demo`) or the large
case (`bench/bigdata.py`). Prints pyinstrument's call tree per page (slowest frames first);
`--html DIR` writes one HTML profile per page as well.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.conf import settings
from pyinstrument import Profiler

from bench.pages import key_pages
from bench.session import signed_in

settings.ALLOWED_HOSTS = ["*"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", help="names of pages (default: all)")
    parser.add_argument("-n", type=int, default=20, help="requests per page")
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    for name, user, path in key_pages():
        if args.pages and name not in args.pages:
            continue
        client = signed_in(user)
        assert client.get(path).status_code == 200, path
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.n):
            client.get(path)
        profiler.stop()
        print(f"==== {name}: {user} {path} ({args.n} requests)")
        print(profiler.output_text(unicode=True, color=False, show_all=False,
                                   short_mode=False, time="percent_of_total"))
        if args.html:
            args.html.mkdir(parents=True, exist_ok=True)
            (args.html / f"{name}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
