"""Demo users for every role (``manage.py seed_demo``). Never in production."""


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


def seed(password: str) -> list[User]:
    """Create the demo users, or reset their password and role if they exist."""
    users = []
    for username, role, agency, ministry in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "agency": Agency.objects.get(code=agency) if agency else None,
                "ministry": Ministry.objects.get(code=ministry) if ministry else None,
                "email": f"{username}@demo.invalid",
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)
    return users
