from django.core.management.base import BaseCommand
from django.db import transaction

from core import services
from core.models import User
from core.roles import Role
from feedback.demo import load_demo_feedback
from gdpr.demo import load_demo_gdpr
from journeys.demo import load_demo_journeys
from stakeholders.demo import load_demo_stakeholders

DEMO_PASSWORD = "parcours-demo"

DEMO_USERS = [
    # username, first name, last name, role
    ("claire", "Claire", "Martin", Role.CX_MANAGER),
    ("ines", "Inès", "Dubois", Role.INTERVIEWER),
    ("david", "David", "Leroy", Role.DPO),
    ("victor", "Victor", "Moreau", Role.VIEWER),
]


class Command(BaseCommand):
    help = "Creates the demo organisation (a car-rental company) and one user per role. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options):
        rows = []
        for username, first_name, last_name, role in DEMO_USERS:
            user = self._user(username, first_name=first_name, last_name=last_name)
            services.user_set_role(user=user, role=role)
            rows.append((username, role.label))
        self._user("admin", first_name="Admin", last_name="", is_staff=True, is_superuser=True)
        rows.append(("admin", "superuser (admin site)"))

        as_is, to_be = load_demo_journeys(owner=User.objects.get(username="claire"))
        self.stdout.write(self.style.SUCCESS(f"Demo journeys: “{as_is}” and “{to_be}”"))
        stakeholders = load_demo_stakeholders()
        self.stdout.write(self.style.SUCCESS(f"Demo stakeholders: {len(stakeholders)}"))

        events = load_demo_feedback(owner=User.objects.get(username="claire"))
        self.stdout.write(self.style.SUCCESS(f"Demo feedback: {events} new service events"))
        items = load_demo_gdpr()
        self.stdout.write(self.style.SUCCESS(f"Demo data register: {items} new data items"))

        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD})"))
        for username, label in rows:
            self.stdout.write(f"  {username:<10} {label}")

    def _user(self, username, **fields):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={**fields, "email": f"{username}@parcours.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
