"""Validators shared by the models of journeys and of the apps above it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListValidator:
    """Checks that a JSON value is a list of distinct values of `choices`."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(_("Enter a list of values."), code="not_a_list")
        unknown = [item for item in value if item not in self.choices.values]
        if unknown:
            raise ValidationError(
                _("Unknown values: %(values)s."),
                code="unknown_choice",
                params={"values": ", ".join(map(str, unknown))},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A value is listed twice."), code="duplicate")

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices is other.choices

    def deconstruct(self):
        return (
            "journeys.models.ChoiceListValidator",
            (),
            {"choices": self.choices},
        )
