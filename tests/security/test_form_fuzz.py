"""Hypothesis against every form of the apps and the CSV import: no 500, all or nothing.

The forms are discovered in each app's forms module, so a new one is fuzzed too (or fails
`test_every_form_can_be_built` until `FORM_KWARGS` knows how to build it).
"""

import importlib
import inspect

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import services as journeys_services
from journeys.models import Stage, Touchpoint
from tests.factories import UserFactory
from tests.feedback.factories import SurveyTemplateFactory
from tests.gdpr.factories import ProcessingActivityFactory
from tests.journeys.factories import JourneyFactory, ObservationFactory, StageFactory
from tests.stakeholders.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

APPS = ("core", "journeys", "stakeholders", "feedback", "gdpr")
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# Keyword-only arguments that some forms need → how to build them.
FORM_KWARGS = {
    "template": lambda: SurveyTemplateFactory(),
    "language": lambda: "en",
    "stage": lambda: StageFactory(),
    "activity": lambda: ProcessingActivityFactory(),
    "stakeholder": lambda: StakeholderFactory(),
    "user": lambda: UserFactory(username="form-user"),
    "stages": lambda: [StageFactory(), StageFactory()],
    "observation": lambda: ObservationFactory(side="employee"),
}


def discovered_forms() -> list[type[forms.BaseForm]]:
    found = []
    for app in APPS:
        module = importlib.import_module(f"{app}.forms")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            abstract = issubclass(value, forms.BaseModelForm) and value._meta.model is None
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and not abstract
                and value not in found
            ):
                found.append(value)
    return found


def _build(form_class, **kwargs):
    needed = [
        name
        for name, parameter in inspect.signature(form_class.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    ]
    return form_class(**kwargs, **{name: FORM_KWARGS[name]() for name in needed})


# Text, numbers, dates, ids, empty values, garbage: what a browser or a bot may post.
values = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(str),
    st.sampled_from(["", " ", "0", "-1", "on", "true", "1e309", "NaN", "\x00", "9" * 40]),
)


@pytest.mark.parametrize("form_class", discovered_forms(), ids=lambda cls: cls.__qualname__)
def test_every_form_survives_any_input(form_class):
    prototype = _build(form_class)
    names = sorted(prototype.fields)

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(names, values)))
    def fuzz(data):
        form = _build(form_class, data=data)
        form.is_valid()  # raises nothing: every bad value is a field error
        for field_errors in form.errors.values():
            assert all(str(message) for message in field_errors)

    fuzz()


def test_every_form_can_be_built():
    assert len(discovered_forms()) >= 25
    for form_class in discovered_forms():
        _build(form_class)


# The CSV import: any text is a report of errors or an import, never half an import.

csv_cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["A", "B", "web", "phone", "front", "back", "-3", "1200", ""]),
)


@FUZZ
@given(rows=st.lists(st.lists(csv_cells, min_size=0, max_size=15), max_size=6))
def test_the_csv_import_is_all_or_nothing(rows):
    journey = JourneyFactory()
    header = ",".join(journeys_services.CSV_COLUMNS)
    text = "\n".join([header, *(",".join(cell.replace(",", " ") for cell in r) for r in rows)])
    before = (Stage.objects.count(), Touchpoint.objects.count())

    result = journeys_services.journey_import_csv(journey=journey, text=text)

    after = (Stage.objects.count(), Touchpoint.objects.count())
    if result.is_valid:
        assert after == (before[0] + result.stages_created, before[1] + result.touchpoints_created)
    else:
        assert after == before


@FUZZ
@given(content=st.binary(max_size=2000), name=st.sampled_from(["map.csv", "map.txt", "map"]))
def test_any_upload_to_the_import_page_is_a_clear_answer(client, cx_manager, content, name):
    journey = JourneyFactory()
    client.force_login(cx_manager)
    before = Stage.objects.count()

    response = client.post(
        f"/journeys/{journey.pk}/import/",
        {"file": SimpleUploadedFile(name, content, "text/csv")},
    )

    assert response.status_code in (200, 422)
    assert Stage.objects.count() == before  # an upload is only previewed
