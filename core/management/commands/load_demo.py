from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core import services
from core.models import User
from core.roles import Role

DEMO_PASSWORD = "parcours-demo"


def demo_modules():
    """Each installed app's `demo` module, in INSTALLED_APPS order, found as Django finds admin
    modules: core names no product app. Each has `load_demo(*, owner) -> str`, which loads
    the app's part of the demo organisation (owned by `owner`, the CX manager) and returns
    the line to print."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]


DEMO_USERS = [
    # username, first name, last name, role
    ("claire", "Claire", "Martin", Role.CX_MANAGER),
    ("ines", "Inès", "Dubois", Role.INTERVIEWER),
    ("david", "David", "Leroy", Role.DPO),
    ("victor", "Victor", "Moreau", Role.VIEWER),
]


class Command(BaseCommand):
    help = "Creates the demo organisation (a car-rental company) and one user per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates users with a known password).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like a production installation, and the demo creates "
                "an 'admin' superuser and users whose password is published. Run it with "
                "--allow-production if you really want the demo organisation here."
            )
        rows = []
        for username, first_name, last_name, role in DEMO_USERS:
            user = self._user(username, first_name=first_name, last_name=last_name)
            services.user_set_role(user=user, role=role)
            rows.append((username, role.label))
        self._user("admin", first_name="Admin", last_name="", is_staff=True, is_superuser=True)
        rows.append(("admin", "superuser (admin site)"))

        for module in demo_modules():
            summary = module.load_demo(owner=User.objects.get(username="claire"))
            self.stdout.write(self.style.SUCCESS(summary))

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
