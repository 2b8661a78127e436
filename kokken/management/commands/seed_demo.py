import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from kokken import contrib, demo


class Command(BaseCommand):
    help = "Create demo users for every role and demo data (refuses in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run in production mode (DJANGO_ENV=production).")
        password = os.environ.get("DEMO_PASSWORD") or "kokken-demo"
        call_command("load_organisations", stdout=self.stdout)
        call_command("load_agreement_data", stdout=self.stdout)
        # Demo mail would flood the console: keep it in memory (every mail is also an
        # in-app notification).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
                transaction.atomic():
            users = demo.seed(password)
            # The apps' demo data, provided from their ready() (kokken.contrib), in order.
            for seeder in contrib.demo_seeders():
                seeder.seed(self.stdout)
        self.stdout.write("")
        self.stdout.write("Demo logins (password: %s)" % password)
        for user in users:
            self.stdout.write(f"  {user.username:<16} {user.get_role_display()} — {user.organisation}")
        self.stdout.write("  Every agency also has <code>-editor and <code>-approver (e.g. nims-editor),")
        self.stdout.write("  every ministry <code>-reviewer (e.g. maff-reviewer), with the same password.")
        self.stdout.write("")
        self.stdout.write("Two-step verification: the secretariat, reviewers and admin also need a code")
        self.stdout.write(f"  from an authenticator app set up with the demo secret {settings.DEMO_TOTP_SECRET}")
        self.stdout.write("  (no phone at hand: `.venv/bin/python manage.py demo_totp` prints the current code)")
