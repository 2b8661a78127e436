"""Back up the database and the uploaded and generated files, as configured.

    manage.py backup

runs django-dbbackup's ``dbbackup`` and ``mediabackup`` into BACKUP_DIR, compressed
when BACKUP_COMPRESS is on (the default) and encrypted for BACKUP_GPG_RECIPIENT when it
is set, then deletes all but the newest BACKUP_KEEP backups of each kind. Restore with
``dbrestore`` and ``mediarestore`` (README, "Backup and restore").
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT (uploads, reports) with django-dbbackup."

    def handle(self, *args, **options):
        flags = {"compress": settings.BACKUP_COMPRESS,
                 "encrypt": bool(settings.DBBACKUP_GPG_RECIPIENT),
                 "clean": True, "verbosity": options["verbosity"]}
        call_command("dbbackup", **flags)
        call_command("mediabackup", **flags)
