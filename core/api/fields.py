"""Serializer fields that take exactly what the schema describes, no more."""

import re
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.validators import no_control_characters

from .filters import ID_SCHEMA, parse_id

# Years 0001 to 9999: year 0 is no date.
MONTH_PATTERN = r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])$"


@extend_schema_field(ID_SCHEMA)
class IdField(serializers.Field):
    """A row's id: a whole number in 1..MAX_ID, else a 400 (never a database overflow)."""

    def to_internal_value(self, data):
        try:
            return parse_id(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"})
class MonthField(serializers.Field):
    """`YYYY-MM`, from 0001-01 to 9999-12, as the date of the month's first day."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, from 0001-01 to 9999-12.")}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(MONTH_PATTERN, data):
            self.fail("invalid")
        return date(int(data[:4]), int(data[5:]), 1)

    def to_representation(self, value):
        return value.strftime("%Y-%m")


class TextField(serializers.CharField):
    """Text only, without control characters (but tabs and line breaks), whatever the model
    field says: a number is refused, not turned into text as DRF's CharField does."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if no_control_characters not in self.validators:
            self.validators = [*self.validators, no_control_characters]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    """JSON's true or false only, not DRF's "yes", "on", 1 or "true"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
