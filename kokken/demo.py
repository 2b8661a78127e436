"""Demo users for every role (``manage.py seed_demo``). Never in production."""


from django.contrib.auth.hashers import make_password

from . import access, mfa
from .models import Agency, Ministry, Role, User

# (username, role, agency code, ministry code)
DEMO_USERS = [
    ("secretariat", Role.SECRETARIAT, None, None),
    ("mext-reviewer", Role.MINISTRY_REVIEWER, None, "MEXT"),
    ("meti-reviewer", Role.MINISTRY_REVIEWER, None, "METI"),
    ("mhlw-reviewer", Role.MINISTRY_REVIEWER, None, "MHLW"),
    ("riken-editor", Role.AGENCY_EDITOR, "riken", None),
    ("riken-approver", Role.AGENCY_APPROVER, "riken", None),
    ("aist-editor", Role.AGENCY_EDITOR, "aist", None),
    ("aist-approver", Role.AGENCY_APPROVER, "aist", None),
    ("jst-editor", Role.AGENCY_EDITOR, "jst", None),
    ("jst-approver", Role.AGENCY_APPROVER, "jst", None),
    ("admin", Role.ADMIN, None, None),
]


def all_demo_users() -> list[tuple[str, str, str | None, str | None]]:
    """The named demo users, then an editor and an approver for every agency and a
    reviewer for every ministry, so the demo can play every part of the loop."""
    named = {u[0] for u in DEMO_USERS}
    extra = []
    for code in Agency.objects.order_by("code").values_list("code", flat=True):
        for suffix, role in (("editor", Role.AGENCY_EDITOR), ("approver", Role.AGENCY_APPROVER)):
            if f"{code}-{suffix}" not in named:
                extra.append((f"{code}-{suffix}", role, code, None))
    for code in Ministry.objects.order_by("order").values_list("code", flat=True):
        if f"{code.lower()}-reviewer" not in named:
            extra.append((f"{code.lower()}-reviewer", Role.MINISTRY_REVIEWER, None, code))
    return DEMO_USERS + extra


def seed(password: str) -> list[User]:
    """Create the demo users, or reset their password and role if they exist.

    Returns the named ones (those the README lists)."""
    users = []
    # One hash for all demo accounts: hashing ~70 times would make every `make run` slow.
    hashed = make_password(password)
    agencies = {a.code: a for a in Agency.objects.all()}
    ministries = {m.code: m for m in Ministry.objects.all()}
    for username, role, agency, ministry in all_demo_users():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "agency": agencies[agency] if agency else None,
                "ministry": ministries[ministry] if ministry else None,
                "email": f"{username}@demo.invalid",
                "password": hashed,
            },
        )
        if access.mfa_required(user):
            # The published demo secret (DEMO_TOTP_SECRET): anyone can add it to an app.
            mfa.give_demo_device(user)
        users.append(user)
    return users[:len(DEMO_USERS)]
