"""Create the first secretariat user of an installation, without a secret on the command line.

    manage.py create_secretariat_user --username tanaka --email tanaka@example.go.jp

asks for the password twice (not echoed) and checks it against the password rules. When
standard input is not a terminal (a script), the password is read from its first line:
``printf '%s\\n' "$PASSWORD" | manage.py create_secretariat_user ...``. The password never
appears in the arguments, the process list or the shell history.
"""

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kokken.models import Role, User


class Command(BaseCommand):
    help = "Create a secretariat user; the password is asked for, never passed as an argument."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def read_password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password / パスワード: ")
        if first != getpass.getpass("Password again / パスワード（確認）: "):
            raise CommandError("The passwords differ. / パスワードが一致しません。")
        return first

    def handle(self, *args, username, email, first_name, last_name, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} exists already. / "
                               "そのユーザー名は既に使われています。")
        user = User(username=username, email=email, first_name=first_name,
                    last_name=last_name, role=Role.SECRETARIAT)
        password = self.read_password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.full_clean(exclude=["password"])
            user.save()
        self.stdout.write(f"Created secretariat user {username}. / "
                          f"事務局ユーザー {username} を作成しました。")
