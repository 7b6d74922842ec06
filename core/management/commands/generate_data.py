import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import generate as core_generate
from core.roles import Role
from feedback import generate as feedback_generate
from gdpr import generate as gdpr_generate
from journeys import generate as journeys_generate
from stakeholders import generate as stakeholders_generate


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
        if core_generate.already_generated():
            raise CommandError("This database already holds generated data; use an empty one.")
        started = time.monotonic()
        with transaction.atomic():
            users = self._step("users", core_generate.generate, scale=scale, seed=seed)
            journey_ids = self._step(
                "journeys",
                journeys_generate.generate,
                scale=scale,
                seed=seed,
                owner_ids=users[Role.CX_MANAGER],
            )
            self._step(
                "stakeholders",
                stakeholders_generate.generate,
                scale=scale,
                seed=seed,
                journey_ids=journey_ids,
                interviewer_ids=users[Role.INTERVIEWER],
            )
            counts = self._step(
                "feedback",
                feedback_generate.generate,
                scale=scale,
                seed=seed,
                journey_ids=journey_ids,
                owner_ids=users[Role.CX_MANAGER],
            )
            counts["register items"] = self._step(
                "register",
                gdpr_generate.generate,
                scale=scale,
                seed=seed,
                journey_ids=journey_ids,
                dpo_ids=users[Role.DPO],
            )
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner knows the tables' new sizes at once.
            self._step("analyze", connection.cursor().execute, "ANALYZE")
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {scale:g} in {time.monotonic() - started:.1f} s: "
                f"{len(journey_ids):,} journeys, {summary}"
            )
        )

    def _step(self, name, function, *args, **kwargs):
        started = time.monotonic()
        result = function(*args, **kwargs)
        self.stdout.write(f"  {name}: {time.monotonic() - started:.1f} s")
        return result
