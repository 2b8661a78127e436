"""``migrate`` that two starts at the same moment cannot run side by side.

The compose file runs it once before web and the workers start. On PostgreSQL it holds
a session advisory lock while migrating: a second run (another host, a manual run during
an upgrade) waits, then finds nothing left to apply. On SQLite it is plain ``migrate``.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any fixed number; the same for every process of this project.
LOCK_ID = 0x6B6F6B6B656E  # "kokken"


class Command(BaseCommand):
    help = "Apply migrations, one process at a time (PostgreSQL advisory lock)."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False, verbosity=verbosity)
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
            try:
                call_command("migrate", interactive=False, verbosity=verbosity)
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
