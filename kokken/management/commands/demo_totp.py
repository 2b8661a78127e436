import base64
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo users (refuses in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_totp refuses to run in production mode.")
        secret = settings.DEMO_TOTP_SECRET.strip().upper()
        totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)))
        totp.time = time.time()
        left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d}  (valid for {left} more seconds)")
