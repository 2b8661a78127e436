from django.core.management.base import BaseCommand
from django.db import transaction

from kokken.models import Agency, Bureau, Ministry
from kokken.organisations import load


class Command(BaseCommand):
    help = "Create or update the ministries and agencies from fixtures/ (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        ministries, agencies = load(Ministry=Ministry, Bureau=Bureau, Agency=Agency)
        self.stdout.write(f"Organisations loaded: {ministries} ministries, {agencies} agencies.")
