"""The first secretariat user: created by a command that takes no secret as an argument."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kokken.models import Role, User


def run(monkeypatch, password: str, **options):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    call_command("create_secretariat_user", stdout=io.StringIO(), **options)


@pytest.mark.django_db
def test_creates_a_secretariat_user_with_the_password_read_from_stdin(monkeypatch):
    run(monkeypatch, "Kasumigaseki-2026", username="tanaka", email="tanaka@example.go.jp")
    user = User.objects.get(username="tanaka")
    assert user.role == Role.SECRETARIAT
    assert user.check_password("Kasumigaseki-2026")
    assert user.agency is None and user.ministry is None


@pytest.mark.django_db
def test_refuses_a_weak_password_and_creates_nothing(monkeypatch):
    with pytest.raises(CommandError):
        run(monkeypatch, "12345", username="tanaka", email="tanaka@example.go.jp")
    assert not User.objects.filter(username="tanaka").exists()


@pytest.mark.django_db
def test_refuses_an_existing_username(monkeypatch, cast):
    with pytest.raises(CommandError):
        run(monkeypatch, "Kasumigaseki-2026", username=cast.secretariat.username,
            email="x@example.go.jp")


def test_the_password_cannot_be_given_as_an_argument():
    with pytest.raises(CommandError):
        call_command("create_secretariat_user", "--username", "a", "--email", "a@b.jp",
                     "--password", "x")
