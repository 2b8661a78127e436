from django.core.management.base import BaseCommand

from agreements.loaders import load_all


class Command(BaseCommand):
    help = "Create or update the agreement structure and questionnaires from fixtures/ (idempotent)."

    def handle(self, *args, **options):
        agreements, questionnaires = load_all()
        self.stdout.write(f"Agreement data loaded: {agreements} agreement(s), "
                          f"{questionnaires} questionnaire(s).")
