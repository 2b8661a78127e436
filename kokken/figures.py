"""Home-panel figures, cached under the registers' state (issue 18).

Every chapter's panel sits on the three homes; computed on every request, their figures cost
a query or more each (the homes reached 28–30 queries with II-1 to II-4). Like II-1's
figures (``hr.selectors.agency_figures``), a panel's figures are kept in the cache under a
version of the registers they read:

* :func:`registers_version`: a token per app with tracked models, kept in the cache and
  replaced by every write to the app's registers (:func:`registers_changed`). Every create,
  change and delete of a register row writes a history record (``kokken.history`` refuses the
  writes that would not), and each history record written replaces its app's token once it
  is committed: at once outside a transaction, at the commit inside one. Until then the
  transaction's own reads use a private token (its uncommitted rows are never cached under
  a token anybody else reads, so a rollback leaves nothing behind), and after a transaction
  that ended without committing the apps it wrote get new tokens anyway
  (:func:`settle`). The tokens of every app are read
  together, once per request, in one cache read. A token the cache lost (evicted, flushed,
  expired) is a new random one, so lost tokens cost a recomputation, never a stale figure; a
  token outlives at most ``TOKEN_SECONDS``, which bounds a write whose token update the cache
  missed (Redis unreachable for that moment). Without a working cache the version is read
  from the history tables themselves, in one query (:func:`_read_state`): until issue 18's
  sixth pass that query ran on every request (2.5 ms: 50 index lookups).
* :func:`agencies_of_year`: the year's 国研 (``Agency.objects.kokken_in``), read once per
  request for every panel. Agencies keep no history: the cache key carries the population
  itself (ids and what the figures read of them), so a changed population is a new key too.
* :func:`supervised_ids`: the agencies a ministry supervises that the viewer sees, once per
  request.
* :func:`cached`: the figures under a key made of a name, the caller's parts, the version,
  today's date (figures such as "tested in the last 12 months" move with the date), the
  language (the figures carry translated labels) and the release (:func:`code_version`).

Only figures that are the same for every viewer may be cached this way; what depends on the
viewer's rights (restricted rows) is read apart.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import threading
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .history import is_tracked

FIGURES_CACHE_SECONDS = 24 * 60 * 60
TOKEN_SECONDS = 10 * 60
_TOKEN = "figures:registers-token:"
_local = threading.local()
_STATE = "_kokken_registers_state"
_AGENCIES = "_kokken_agencies_of_year"
_SUPERVISED = "_kokken_supervised_ids"
_ABBREVIATIONS = "_kokken_agency_abbreviations"
_NAMES = "_kokken_agency_names"


def tracked_models() -> list:
    """Every model of the project that keeps history through the kit, in a stable order."""
    return sorted((model for model in apps.get_models()
                   if is_tracked(model) and not model.__name__.startswith("Historical")),
                  key=lambda model: model._meta.label)


@functools.cache
def _state_query() -> tuple[tuple[str, ...], str]:
    """The tracked models' labels and the one query reading their state, built once per
    process: the models do not change after start-up, and ``model.history`` builds a
    manager class on every access (a third of a home page's CPU when read per request,
    issue 18's fourth pass)."""
    models = tracked_models()
    quote = connection.ops.quote_name
    columns = []
    for model in models:
        table = quote(model.history.model._meta.db_table)
        columns += [f"(SELECT MAX({quote('history_id')}) FROM {table})",
                    f"(SELECT MAX({quote('history_date')}) FROM {table})"]
    return tuple(model._meta.label for model in models), "SELECT " + ", ".join(columns)


def tracked_apps() -> frozenset[str]:
    """The labels of the apps with a tracked model (for :func:`registers_version`: all)."""
    return frozenset(label.partition(".")[0] for label in _state_query()[0])


def _read_state() -> dict[str, tuple[str, str]]:
    labels, sql = _state_query()
    if not labels:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return {label: (str(values[2 * i]), str(values[2 * i + 1]))
            for i, label in enumerate(labels)}


def _written() -> dict[str, str]:
    """The apps whose registers this thread's open transaction wrote, each with the private
    token its own reads use until it ends."""
    written = getattr(_local, "written", None)
    if written is None:
        written = _local.written = {}
    return written


def _in_transaction() -> bool:
    """Inside a transaction of the application's own (a test case's wrapping block is not one:
    its writes are read as committed ones, as the test's next request would see them)."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


def registers_changed(app_label: str) -> None:
    """A history record of ``app_label`` was written: figures read from its registers are out
    of date. Committed already (no transaction): a new token at once. Inside a transaction:
    a new token when it commits, and until then a private one for the transaction's own
    reads, so that figures of rows that may yet be rolled back are never kept under a token
    anybody else reads (module docstring)."""
    key = _TOKEN + app_label
    if not _in_transaction():
        cache.set(key, uuid.uuid4().hex, TOKEN_SECONDS)
        return
    written = _written()
    written[app_label] = uuid.uuid4().hex

    def committed() -> None:
        cache.set(key, uuid.uuid4().hex, TOKEN_SECONDS)
        written.pop(app_label, None)

    transaction.on_commit(committed)


def settle(**kwargs) -> None:
    """After a transaction that wrote registers ended without its commit hook (rolled back,
    or inside a test case's block): new tokens for those apps. Harmless after a rollback,
    needed after a test's inner block. At every read outside a transaction and at the end of
    every request (``request_finished``, connected in ``KokkenConfig``)."""
    written = _written()
    if written and not _in_transaction():
        cache.set_many({_TOKEN + app: uuid.uuid4().hex for app in written}, TOKEN_SECONDS)
        written.clear()


def on_history_record(sender, **kwargs) -> None:
    """simple-history's ``post_create_historical_record`` (connected in ``KokkenConfig``): a
    tracked row was saved or deleted. Bulk creation calls :func:`registers_changed` itself
    (``kokken.history.TrackedQuerySet``); only tracked models keep history."""
    registers_changed(sender._meta.app_label)


def _read_tokens() -> dict[str, tuple[str, str]] | None:
    """Every tracked app's token, from the cache (a lost one is replaced by a new one); None
    when the cache does not keep what it is given."""
    keys = {_TOKEN + app: app for app in sorted(tracked_apps())}
    tokens = cache.get_many(list(keys))
    if len(tokens) < len(keys):
        for key in keys.keys() - tokens.keys():
            cache.add(key, uuid.uuid4().hex, TOKEN_SECONDS)
        tokens = cache.get_many(list(keys))
        if len(tokens) < len(keys):
            return None
    return {app: ("token", tokens[key]) for key, app in keys.items()}


def forget_tokens() -> None:
    """Every app's token forgotten: the next read makes new ones. For tests, each of which
    starts from its own database: a token an earlier test's writes replaced outlives their
    rolled-back rows, and what was cached under it with them."""
    cache.delete_many([_TOKEN + app for app in tracked_apps()])


def registers_version(request, app_labels: Iterable[str]) -> tuple:
    """The version of every tracked register of ``app_labels``: one cache read per request
    for all of them (kept on ``request``; without a request, read now)."""
    settle()
    state = getattr(request, _STATE, None) if request is not None else None
    if state is None:
        tokens = _read_tokens()
        state = _read_state() if tokens is None else tokens
        if request is not None:
            setattr(request, _STATE, state)
    if written := _written():  # this transaction's own writes: its private tokens
        state = {label: ("private", written[label.partition(".")[0]])
                 if label.partition(".")[0] in written else value
                 for label, value in state.items()}
    labels = set(app_labels)
    return tuple((label, value) for label, value in state.items()
                 if label.partition(".")[0] in labels)


@functools.lru_cache(maxsize=32)
def _agencies_of_year_sql(fiscal_year: int) -> tuple[str, tuple]:
    """The year's 国研 query, compiled once per process and year: building it (the bodies'
    kinds, validity and designation dates) was 0.35 ms of every home."""
    from .models import Agency

    return Agency.objects.kokken_in(fiscal_year).order_by("code").query.sql_with_params()


def agencies_of_year(request, fiscal_year: int) -> list:
    """The year's 国研, ordered by code: kept in the cache until an agency changes, and read
    from it once per request."""
    from .models import Agency

    memo = getattr(request, _AGENCIES, None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, _AGENCIES, memo)
    if fiscal_year not in memo:
        # Kept under the organisations' token (kokken/signed_in.py): a query on every home.
        from . import signed_in

        memo[fiscal_year] = signed_in.kept(
            f"kokken:reference:agencies-of-year:{fiscal_year}", [signed_in.ORGS_TOKEN],
            lambda: list(Agency.objects.raw(*_agencies_of_year_sql(fiscal_year))))
    return memo[fiscal_year]


def supervised_ids(request, ministry, perm=None, *, known=None) -> frozenset[int]:
    """The ids of the agencies ``ministry`` supervises on which the signed-in user holds
    ``perm`` (``access.agencies(user, perm)`` under the ministry; by default the right to
    view them), read once per request. ``known``: those agencies (the right to view them),
    already read by the caller, as ``access.agencies(request.user).filter(ministries=
    ministry)``: kept for the rest of the request instead of read again."""
    from . import access

    perm = perm or access.Perm.VIEW
    if perm != access.Perm.VIEW:  # the same agencies, or none (no query of its own)
        return (supervised_ids(request, ministry)
                if access.holds_where_viewing(request.user, perm) else frozenset())
    memo = getattr(request, _SUPERVISED, None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, _SUPERVISED, memo)
    if known is not None and perm == access.Perm.VIEW:
        memo[ministry.pk] = frozenset(agency.pk for agency in known)
    if ministry.pk not in memo:
        memo[ministry.pk] = frozenset(access.agencies(request.user).filter(
            ministries=ministry).values_list("pk", flat=True))
    return memo[ministry.pk]


def agency_abbreviations(request) -> tuple:
    """Every agency's (id, abbreviation), read once per request: for the key of cached HTML
    that names agencies of any year by abbreviation (agencies keep no history)."""
    from .models import Agency

    memo = getattr(request, _ABBREVIATIONS, None) if request is not None else None
    if memo is None:
        memo = tuple(Agency.objects.order_by("pk").values_list("pk", "abbr"))
        if request is not None:
            setattr(request, _ABBREVIATIONS, memo)
    return memo


def agency_names(request) -> tuple:
    """Every agency's (id, abbreviation, short names in both languages), read once per
    request: for the key of cached HTML that names agencies by ``short_name``."""
    from .models import Agency

    memo = getattr(request, _NAMES, None) if request is not None else None
    if memo is None:
        memo = tuple(Agency.objects.order_by("pk").values_list(
            "pk", "abbr", "short_name_ja", "name_en"))
        if request is not None:
            setattr(request, _NAMES, memo)
    return memo


def population_key(agencies: Iterable) -> tuple:
    """What the figures read of a population of agencies (id, code, abbreviation, kind and
    designation), for the cache key: agencies keep no history."""
    return tuple((a.pk, a.code, a.abbr, a.kind, a.designated) for a in agencies)


def panel_key(request, app_labels: Iterable[str], fiscal_year: int | None, *parts) -> tuple:
    """A chapter panel's ``DashboardPanel.cache_key`` when it shows figures of the year's
    agencies from its own registers: ``(parts, version)`` of the year (the current fiscal
    year without ``?fy=``), its agencies (:func:`population_key`), the caller's ``parts`` and
    the registers' version. No query of its own once the request has read the year's
    agencies and the registers' state for another panel."""
    from . import wareki

    year = fiscal_year or wareki.fiscal_year()
    return ((year, population_key(agencies_of_year(request, year)), *parts),
            registers_version(request, app_labels))


@functools.cache
def code_version() -> str:
    """A digest of the project's code, templates and translations, read once per process.

    In every key of cached HTML and figures: what a release changes (a template, a filter, a
    translation, the figures' code) is not served from entries the previous release made.
    """
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    roots = {base / "templates", base / "locale"}
    roots.update(Path(config.path).resolve() for config in apps.get_app_configs())
    digest = hashlib.sha256()
    for root in sorted(r for r in roots if r.is_relative_to(base) and r.is_dir()):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html", ".po") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _PlainPickler(pickle.Pickler):
    """Pickles a lazy translation as the string it is now."""

    def reducer_override(self, obj):
        if isinstance(obj, Promise):
            return str, (str(obj),)
        return NotImplemented


def _plain(value: Any) -> Any:
    """``value`` with its lazy translations made plain strings, in the active language (which
    is in the key). Unpickling a lazy string builds a class (Django's ``lazy``): II-3's
    figures took 2.5 ms of CPU to read from the cache on every home, 0.03 ms once plain."""
    buffer = io.BytesIO()
    _PlainPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(value)
    return pickle.loads(buffer.getvalue())


# Where cached HTML has a form, its CSRF token is this placeholder (rendered with
# ``csrf_token`` set to it), replaced by the viewer's own token when shown (``with_csrf``):
# a token must never go from one viewer's page to another's. The sheet pages' is the same.
CSRF_SLOT = "\x00csrf-token\x00"


def with_csrf(request, html: str) -> str:
    """Cached HTML with this request's CSRF token in its forms, marked safe (it was rendered
    with autoescaping)."""
    from django.middleware.csrf import get_token
    from django.utils.safestring import mark_safe

    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, get_token(request))
    return mark_safe(html)


def _key(name: str, parts: tuple, version: tuple) -> str:
    return f"figures:{name}:" + hashlib.sha256(repr((
        parts, version, timezone.localdate().isoformat(), translation.get_language(),
        code_version(),
    )).encode()).hexdigest()


def cached(name: str, parts: tuple, version: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value, cached under ``name``, ``parts``, ``version``, today and the
    language (figures carry translated labels: they are kept as plain strings)."""
    key = _key(name, parts, version)
    value = cache.get(key)
    if value is None:
        value = _plain(compute())
        cache.set(key, value, FIGURES_CACHE_SECONDS)
    return value


def cached_many(entries: list[tuple[str, tuple, tuple, Callable[[], Any]]]) -> list:
    """:func:`cached` for several ``(name, parts, version, compute)`` at once: one read of
    the cache for all of them (a home's panels), one write for those computed."""
    keys = [_key(name, parts, version) for name, parts, version, _compute in entries]
    found = cache.get_many(keys)
    computed = {}
    for key, (_name, _parts, _version, compute) in zip(keys, entries, strict=True):
        if key not in found and key not in computed:
            computed[key] = _plain(compute())
    if computed:
        cache.set_many(computed, FIGURES_CACHE_SECONDS)
    return [found[key] if key in found else computed[key] for key in keys]
