"""The signed-in user and their second-factor device, read from the cache (issue 18).

Every signed-in page read the user (with their agency or ministry) and, for users with a
second factor, the device their session confirmed: two of the three queries every page paid
before its own work. Both are kept in the cache under the user's **token**, which every
committed change of the user or of one of their devices replaces, and the user under the
organisations' token as well (the header names the agency or ministry).

A kept copy is used only while the tokens it was stored with are still the current ones, so
a reader that loaded the row just before a change and stores it just after keeps nothing
anybody reads. A token is replaced when the write happens and again when its transaction
commits (a reader between the two may have read the old row). Without a cache that keeps
what it is given, or one not shared by every process (the in-process default without Redis),
every read goes to the database, as before.

Deactivating a user, changing their password, role or organisation, or removing a device
therefore takes effect at the next request, as it did when every request read the database.
A write that bypasses ``save()`` (``QuerySet.update()``) sends no signal: the copy would live
until ``SECONDS`` pass. Users are changed through forms and the admin, never that way.

``kept()`` is the general form, also used for other reference data read on every page
(kokken/reference.py, the year's agencies, agreements' rounds token).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

SECONDS = 300
_USER = "kokken:signed-in:user:"
_DEVICE = "kokken:signed-in:device:"
_USER_TOKEN = "kokken:signed-in:user-token:"
# Replaced by every change of an agency, ministry, bureau or supervision link.
ORGS_TOKEN = "kokken:signed-in:orgs-token"


def replace(keys: list[str]) -> None:
    """New tokens for ``keys``: now, and again when the transaction commits (a reader in
    between may have read the old rows)."""
    def new_tokens() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, SECONDS)

    new_tokens()
    transaction.on_commit(new_tokens)


def _tokens(keys: list[str], got: dict) -> tuple | None:
    """The current tokens of ``keys`` (from ``got``, a ``get_many`` that read them); a lost
    one is made anew. None when the cache keeps nothing."""
    missing = [key for key in keys if key not in got]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, SECONDS)
        got = {**got, **cache.get_many(missing)}
        if any(key not in got for key in keys):
            return None
    return tuple(got[key] for key in keys)


def kept(key: str, token_keys: list[str], load, *, keep_none: bool = False):
    """``load()``'s value, kept under ``key`` while the tokens of ``token_keys`` stay the
    ones it was stored with (one cache read when kept). Without a cache shared by every
    process (``settings.CACHE_IS_SHARED``), nothing is kept: ``load()`` each time."""
    if not settings.CACHE_IS_SHARED:
        return load()
    got = cache.get_many([*token_keys, key])
    tokens = _tokens(token_keys, got)
    value = got.get(key)
    if tokens is not None and value is not None and value[0] == tokens:
        return value[1]
    found = load()
    if tokens is not None and (found is not None or keep_none):
        cache.set(key, (tokens, found), SECONDS)
    return found


def user(user_id, load):
    """The user ``user_id``, as ``load()`` reads it from the database (None: no such user)."""
    return kept(f"{_USER}{user_id}", [f"{_USER_TOKEN}{user_id}", ORGS_TOKEN], load)


def device(user_id, persistent_id: str, load):
    """The second-factor device ``persistent_id`` that a session of ``user_id`` confirmed,
    as ``load()`` reads it (None: gone). Its owner is checked by the caller, as before."""
    return kept(f"{_DEVICE}{user_id}:{persistent_id}", [f"{_USER_TOKEN}{user_id}"], load,
                keep_none=True)


def user_changed(sender, instance, **kwargs) -> None:
    """``post_save``/``post_delete`` of the user model (connected in ``KokkenConfig``)."""
    replace([f"{_USER_TOKEN}{instance.pk}"])


def device_changed(sender, instance, **kwargs) -> None:
    """``post_save``/``post_delete`` of a second-factor device: its owner's kept copies go."""
    replace([f"{_USER_TOKEN}{instance.user_id}"])


def organisation_changed(sender, **kwargs) -> None:
    """``post_save``/``post_delete`` of an agency, ministry or bureau, or a change of which
    ministries supervise an agency: every kept user goes (their header names their
    organisation), and what kokken/reference.py keeps."""
    replace([ORGS_TOKEN])


def forget() -> None:
    """Every kept user dropped (the organisations' token): for tests, each of which starts
    from its own database, where user ids come back."""
    cache.delete(ORGS_TOKEN)
