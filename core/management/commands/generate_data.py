import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule

from core.generate import already_generated


def generate_modules():
    """Each installed app's `generate` module, in INSTALLED_APPS order (core's first), found as
    Django finds admin modules: core names no product app."""
    return [
        import_module(f"{config.name}.generate")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "generate")
    ]


class Command(BaseCommand):
    help = (
        "Generates a large organisation for benchmarks: at scale 1, 20 journeys of 12 stages "
        "and 8 touchpoints, 200 stakeholders, 2,000 register items, 100,000 survey responses "
        "and 5,000 cases. "
        "Run it once, on a database without generated data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = the sizes above; 10 = ten times them"
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")

    def handle(self, *args, scale: float, seed: int, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if already_generated():
            raise CommandError("This database already holds generated data; use an empty one.")
        started = time.monotonic()
        ids: dict[str, list[int]] = {}
        counts: dict[str, int] = {}
        with transaction.atomic():
            for module in generate_modules():
                counts |= self._step(module.STEP, module.generate, scale=scale, seed=seed, ids=ids)
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner knows the tables' new sizes at once.
            self._step("analyze", connection.cursor().execute, "ANALYZE")
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {scale:g} in {time.monotonic() - started:.1f} s: {summary}"
            )
        )

    def _step(self, name, function, *args, **kwargs):
        started = time.monotonic()
        result = function(*args, **kwargs)
        self.stdout.write(f"  {name}: {time.monotonic() - started:.1f} s")
        return result
