"""Two requests recording the same period at the same moment: the unique constraint decides,
and the second one corrects the value instead of failing with an IntegrityError (a 500)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from stakeholders import services
from stakeholders.models import SLAMeasurement

from .factories import SLAObjectiveFactory


@pytest.mark.django_db(transaction=True)
def test_a_period_recorded_by_another_request_meanwhile_is_corrected():
    """Another request commits the same period between this one's read and its insert: this
    one's value wins, judged against the objective, and the period keeps one row."""
    objective = SLAObjectiveFactory(comparison="at_least", target=Decimal("98"))
    period = date(2025, 3, 1)
    competed = []

    def other_request():
        try:
            SLAMeasurement.objects.create(
                objective_id=objective.pk, period_start=period, value=Decimal("99"), met=True
            )
        finally:
            connection.close()

    def compete(sender, instance, **kwargs):
        # Only before this request's first insert, not for the other request's own.
        if instance.pk is None and not competed:
            competed.append(instance)
            thread = threading.Thread(target=other_request)
            thread.start()
            thread.join()

    pre_save.connect(compete, sender=SLAMeasurement)
    try:
        measurement = services.measurement_record(
            objective=objective, period_start=period, value=Decimal("90")
        )
    finally:
        pre_save.disconnect(compete, sender=SLAMeasurement)

    assert len(competed) == 1
    assert (measurement.value, measurement.met) == (Decimal("90"), False)
    assert list(
        SLAMeasurement.objects.filter(objective=objective).values_list("period_start", "value")
    ) == [(period, Decimal("90.00"))]
