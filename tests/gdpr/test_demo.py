"""The demo register is the car-rental table of DOMAIN.md, cell by cell."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gdpr import selectors
from gdpr.models import (
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    ReviewStatus,
)
from journeys.models import Journey

# DOMAIN.md, "The car-rental example of the source material": stage, place, personal,
# transactional, behavioural.
DOMAIN_TABLE = """
| A | at home | IP address | — | visit duration |
| B | at home | — | — | — |
| C | at home | IP address | pre-booking information | competitor sites visited |
| D | at home | first name, name, address; login | payment method | subscription preferences |
| E | airport | — | — | — |
| F | airport | — | — | — |
| G | car park | second driver; children | transaction ID | — |
| H | car park | — | — | distance driven |
"""


def _domain_rows():
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in DOMAIN_TABLE.strip().splitlines()
    ]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    return Journey.objects.get(name="Car rental — business trip")


def test_the_register_page_shows_the_domain_table(client, demo, dpo):
    """Every cell of the register page's table equals the source table's."""
    client.force_login(dpo)
    register = client.get(f"/register/journeys/{demo.pk}/").context["register"]
    rows = {row.category: row.cells for row in register.rows}
    shown = [
        [
            stage.code,
            stage.place,
            *(
                "; ".join(item.name for item in rows[category][index].items) or "—"
                for category in ("personal", "transactional", "behavioural")
            ),
        ]
        for index, stage in enumerate(register.stages)
    ]
    assert shown == _domain_rows()


def test_the_demo_has_two_activities_a_processor_a_dpia_and_every_review_state(demo):
    """Two activities, the shuttle operator under agreement, the marketing activity needing a
    DPIA, every review state; the checks flag stage F, whose counter check-in collects
    personal data the table does not list, and the consent not described yet."""
    assert ProcessingActivity.objects.count() == 2
    processor = Processor.objects.get()
    assert processor.stakeholder.kind == "external"
    assert processor.agreement_signed_on is not None
    assert list(
        DPIAScreening.objects.filter(dpia_required=True).values_list("activity__name", flat=True)
    ) == ["Website audience and marketing"]
    assert set(DataItem.objects.values_list("review_status", flat=True)) == set(ReviewStatus.values)
    checks = {check.code: check for check in selectors.consistency_checks(journey_id=demo.pk)}
    assert [str(stage) for stage in checks["stage_without_entry"].entries] == [
        "F. Pick up at the counter"
    ]
    assert [item.name for item in checks["consent_undescribed"].entries] == [
        "competitor sites visited"
    ]
    assert checks["no_legal_basis"].passed
    assert checks["processor_without_agreement"].passed


def test_load_demo_twice_changes_nothing(demo):
    before = list(DataItem.objects.values_list("pk", "review_status"))
    call_command("load_demo", "--allow-production", stdout=io.StringIO())
    assert list(DataItem.objects.values_list("pk", "review_status")) == before


def test_every_demo_date_is_in_the_past(demo):
    now, today = timezone.now(), timezone.localdate()

    assert DataItem.objects.filter(reviewed_at__gt=now).count() == 0
    assert DataItem.history.filter(history_date__gt=now).count() == 0
    assert Processor.objects.filter(agreement_signed_on__gt=today).count() == 0
    assert DPIAScreening.objects.filter(screened_at__gt=now).count() == 0
    assert Requirement.objects.filter(done_on__gt=today).count() == 0
