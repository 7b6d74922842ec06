from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import module_has_submodule

from core import services
from core.models import User
from core.roles import Role

DEMO_PASSWORD = "parcours-demo"


def demo_modules():
    """Each installed app's `demo` module, in INSTALLED_APPS order, found as Django finds admin
    modules: core names no product app. Each has `load_demo(*, owner, language) -> str`,
    which loads the app's part of the demo organisation (owned by `owner`, the CX manager)
    with its texts in `language` and returns the line to print; and may have
    `loaded_language() -> str | None`, the language its part is already loaded in."""
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


def _name(language: str) -> str:
    return translation.get_language_info(language)["name"]


def _refuse_a_second_language(modules, language: str) -> None:
    """One organisation, one language: a demo loaded in English is not loaded again in French
    beside it (two journeys, two registers of the same company)."""
    for module in modules:
        loaded = getattr(module, "loaded_language", lambda: None)()
        if loaded and loaded != language:
            raise CommandError(
                f"The demo is already loaded in {_name(loaded)} in this database, so it is not "
                f"loaded again in {_name(language)}: run load_demo --language {loaded}, or "
                f"load the {_name(language)} demo into an empty database."
            )


class Command(BaseCommand):
    help = (
        "Creates the demo organisation (a car-rental company) and one user per role, its "
        "content in English or in French. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the demo's content (default: the DEMO_LANGUAGE setting, "
            "itself LANGUAGE_CODE's language unless set).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates users with a known password).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, language=None, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like a production installation, and the demo creates "
                "an 'admin' superuser and users whose password is published. Run it with "
                "--allow-production if you really want the demo organisation here."
            )
        language = language or settings.DEMO_LANGUAGE
        languages = [code for code, _name in settings.LANGUAGES]
        if language not in languages:
            raise CommandError(
                f"DEMO_LANGUAGE is {language!r}: the demo is written in "
                + " and ".join(map(_name, languages))
                + f" ({', '.join(languages)})."
            )
        modules = demo_modules()
        _refuse_a_second_language(modules, language)
        rows = []
        for username, first_name, last_name, role in DEMO_USERS:
            user = self._user(username, first_name=first_name, last_name=last_name)
            services.user_set_role(user=user, role=role)
            rows.append((username, role.label))
        self._user("admin", first_name="Admin", last_name="", is_staff=True, is_superuser=True)
        rows.append(("admin", "superuser (admin site)"))

        owner = User.objects.get(username="claire")
        # Whatever a service words while loading is worded in the demo's language too.
        with translation.override(language):
            for module in modules:
                summary = module.load_demo(owner=owner, language=language)
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
