from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = (
        "Recomputes the score rollups exactly from the answers and invitations, in one "
        "transaction (after a bulk load, or to check them)."
    )

    def handle(self, *args, **options):
        count = services.rollups_rebuild()
        self.stdout.write(f"Score rollups rebuilt: {count} rows")
