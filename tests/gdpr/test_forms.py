"""The register's forms: choices limited to what fits, clear errors."""

import pytest

from gdpr.forms import DataItemForm, DPIAScreeningForm, ProcessorForm, ReviewForm
from tests.journeys.factories import StageFactory, TouchpointFactory
from tests.stakeholders.factories import ExternalStakeholderFactory, StakeholderFactory

from .factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def test_a_data_item_offers_only_its_stages_touchpoints():
    stage = StageFactory()
    own = TouchpointFactory(stage=stage)
    TouchpointFactory()
    form = DataItemForm(stage=stage)
    assert list(form.fields["touchpoint"].queryset) == [own]


def test_a_processor_is_chosen_among_external_stakeholders():
    external = ExternalStakeholderFactory()
    StakeholderFactory()
    form = ProcessorForm(activity=ProcessingActivityFactory())
    assert list(form.fields["stakeholder"].queryset) == [external]


def test_the_review_form_needs_a_decision():
    form = ReviewForm({"comment": "ok"})
    assert not form.is_valid()
    assert "decision" in form.errors
    assert ReviewForm({"decision": "approved"}).is_valid()
    assert not ReviewForm({"decision": "draft"}).is_valid()


def test_the_screening_form_pairs_each_criterion_with_its_notes():
    form = DPIAScreeningForm()
    rows = form.criteria_rows()
    assert len(rows) == 9
    assert [criterion.name for criterion, _notes in rows][:2] == [
        "evaluation_scoring",
        "automated_decisions",
    ]
    assert rows[0][1].label == "Notes on “Evaluation or scoring”"


def test_the_screening_form_refuses_a_bad_document_link():
    form = DPIAScreeningForm({"dpia_status": "done", "dpia_document_url": "not a link"})
    assert not form.is_valid()
    assert "dpia_document_url" in form.errors
