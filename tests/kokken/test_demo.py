import io
import os

import pytest
from django.core.management import CommandError, call_command

from kokken.demo import DEMO_USERS
from kokken.models import Role, User

REQUIRED = ["secretariat", "mext-reviewer", "meti-reviewer", "riken-editor", "riken-approver",
            "aist-editor", "aist-approver", "jst-editor"]


def test_seed_demo_creates_a_user_for_every_role(demo_data, monkeypatch):
    """The session's seed made the users; a second run sets DEMO_PASSWORD."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-test")
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    users = {u.username: u for u in User.objects.all()}
    assert set(REQUIRED) <= set(users)
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["riken-editor"].check_password("demo-pass-for-test")


def test_seed_demo_twice_keeps_one_of_each(demo_data):
    """demo_data is the first seed."""
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)


def test_seed_demo_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")


def test_seed_demo_prints_the_logins(demo_data, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "kokken-demo" in out and "riken-editor" in out


def test_the_demo_snapshot_restores_exactly_what_seed_demo_wrote(demo_data):
    """demo_data stands for seed_demo in many tests: every table, every row, restored."""
    from tests import snapshots

    again = snapshots.take()
    assert set(again.tables) == set(demo_data.tables)
    for table, data in demo_data.tables.items():
        if demo_data.vendor == "postgresql":
            assert sorted(again.tables[table].splitlines()) == sorted(data.splitlines()), table
        else:
            assert again.tables[table][0] == data[0], table
            assert sorted(map(repr, again.tables[table][1])) == sorted(map(repr, data[1])), table
    assert demo_data.rows("agreements_answer") > 1000 and demo_data.rows("kokken_user") > 50


def test_apps_provide_their_demo_data_in_the_declared_order():
    from kokken import contrib

    # Chapter registers before the follow-up rounds, which restate their values.
    ids = [s.identifier for s in contrib.demo_seeders()]
    assert set(ids) == {"hr", "training", "ip", "security", "practices", "agreements"}
    assert ids[-1] == "agreements" and ids.index("hr") < ids.index("training") < ids.index(
        "ip") < ids.index("security")


def test_seed_demo_runs_the_provided_seeders_and_finds_no_module_by_name(db, monkeypatch):
    from hr.models import PayScheme
    from kokken import contrib

    ran = []
    monkeypatch.setattr(contrib, "_demo", {})
    contrib.provide(demo=contrib.DemoSeeder("late", 20, lambda stdout: ran.append("late")))
    contrib.provide(demo=contrib.DemoSeeder("early", 5, lambda stdout: ran.append("early")))
    call_command("seed_demo", stdout=io.StringIO())
    assert ran == ["early", "late"]
    assert not PayScheme.objects.exists()  # hr/demo.py is not looked up by its name


def test_two_demo_seeders_with_one_name_fail_at_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from kokken import contrib

    monkeypatch.setattr(contrib, "_demo", {})
    contrib.provide(demo=contrib.DemoSeeder("x", 1, print))
    contrib.provide(demo=contrib.DemoSeeder("x", 1, print))  # ready() run twice: the same one
    with pytest.raises(ImproperlyConfigured, match="'x'"):
        contrib.provide(demo=contrib.DemoSeeder("x", 2, repr))
