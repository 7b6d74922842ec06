"""What a self-hosted user sees of their data, as JSON: every journey map (stages, touchpoints
and who answers for each, moments of truth, observations, actions), the stakeholder lane,
the register's cells and the scores per stage.

Run from the project's root against the database DATABASE_URL names:

    python -m tests.upgrade.snapshot > snapshot.json

It wrote dc2d776.json at dc2d776 (see build_fixture.sh) and reads the upgraded copy of that
database in test_upgrade.py, so it uses only what both versions have, and no date relative
to today.
"""

import dataclasses
import json
import os
import sys

import django


def _rows(queryset, *fields) -> list[dict]:
    return list(queryset.order_by("pk").values("pk", *fields))


def _by(rows: list[dict], key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.pop(key), []).append(row)
    return grouped


def _responsible_stakeholders() -> dict[int, str]:
    """Touchpoint pk → name of the stakeholder answerable for it."""
    from journeys.models import Touchpoint

    if hasattr(Touchpoint, "responsible_stakeholder"):  # dc2d776, before the move
        return dict(
            Touchpoint.objects.filter(responsible_stakeholder__isnull=False).values_list(
                "pk", "responsible_stakeholder__name"
            )
        )
    from stakeholders.models import TouchpointResponsibility

    return dict(TouchpointResponsibility.objects.values_list("touchpoint_id", "stakeholder__name"))


def snapshot() -> dict:
    from feedback.selectors import stage_scores_for_journey
    from gdpr.models import DataItem
    from journeys.models import Action, Journey, MomentOfTruth, Observation, Stage, Touchpoint
    from stakeholders.models import Involvement

    responsible = _responsible_stakeholders()
    touchpoints = _by(
        _rows(
            Touchpoint.objects,
            "stage_id", "position", "name", "channel", "lane", "volume", "volume_period",
            "tools", "collects_personal_data",
        ),
        "stage_id",
    )  # fmt: skip
    for rows in touchpoints.values():
        for row in rows:
            row["responsible_stakeholder"] = responsible.pop(row["pk"], None)
    assert responsible == {}, "a responsibility for a touchpoint that does not exist"
    moments = _by(
        _rows(MomentOfTruth.objects, "stage_id", "touchpoint_id", "description", "criticality",
              "standard"),
        "stage_id",
    )  # fmt: skip
    observations = _by(
        _rows(Observation.objects, "stage_id", "kind", "side", "description", "source",
              "severity"),
        "stage_id",
    )  # fmt: skip
    lane = _by(
        _rows(Involvement.objects, "stage_id", "stakeholder__name", "touchpoint_id", "office",
              "channels", "volume", "volume_period", "tools"),
        "stage_id",
    )  # fmt: skip
    register = _by(
        _rows(DataItem.objects, "stage_id", "category", "touchpoint_id", "activity__name",
              "name", "special_category", "article9_condition", "source", "consent_needed",
              "consent_collection", "retention", "review_status", "review_comment"),
        "stage_id",
    )  # fmt: skip
    actions = _by(
        _rows(Action.objects, "journey_id", "stage_id", "title", "description", "priority",
              "owner__username", "due_date", "status", "observation_id"),
        "journey_id",
    )  # fmt: skip
    stages = _by(
        _rows(Stage.objects, "journey_id", "position", "code", "name", "place", "funnel_phase",
              "customer_goal", "expectations", "emotion_score"),
        "journey_id",
    )  # fmt: skip
    journeys = []
    for journey in _rows(
        Journey.objects, "name", "state", "persona__name", "owner__username", "description",
        "source_journey_id",
    ):  # fmt: skip
        scores = {
            row.stage.pk: {
                **dataclasses.asdict(row.scores),
                "invitations_sent": row.invitations_sent,
            }
            for row in stage_scores_for_journey(journey_id=journey["pk"])
        }
        journey["stages"] = [
            {
                **stage,
                "touchpoints": touchpoints.get(stage["pk"], []),
                "moments_of_truth": moments.get(stage["pk"], []),
                "observations": observations.get(stage["pk"], []),
                "stakeholder_lane": lane.get(stage["pk"], []),
                "register": _by(register.get(stage["pk"], []), "category"),
                "scores": scores[stage["pk"]],
            }
            for stage in stages.get(journey["pk"], [])
        ]
        journey["actions"] = actions.get(journey["pk"], [])
        journeys.append(journey)
    return {"journeys": journeys}


def main() -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    json.dump(snapshot(), sys.stdout, indent=1, ensure_ascii=False, sort_keys=True, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
