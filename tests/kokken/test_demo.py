import os

import pytest
from django.core.management import CommandError, call_command

from kokken.demo import DEMO_USERS
from kokken.models import Role, User

REQUIRED = ["secretariat", "mext-reviewer", "meti-reviewer", "riken-editor", "riken-approver",
            "aist-editor", "aist-approver", "jst-editor"]


def test_seed_demo_creates_a_user_for_every_role(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-test")
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    users = {u.username: u for u in User.objects.all()}
    assert set(REQUIRED) <= set(users)
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["riken-editor"].check_password("demo-pass-for-test")


def test_seed_demo_twice_keeps_one_of_each(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)


def test_seed_demo_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")


def test_seed_demo_prints_the_logins(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "kokken-demo" in out and "riken-editor" in out
