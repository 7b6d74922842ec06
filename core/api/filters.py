"""Filters on ids shared by every FilterSet (pages and API): an id is a whole number in
1..MAX_ID, anything else is a 400 with one message, never a database overflow. The API's
filter backend refuses the empty and loose values that pages' forms send and ignore."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# PostgreSQL's bigint, the type of every primary key (DEFAULT_AUTO_FIELD).
MAX_ID = 2**63 - 1
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
INVALID_ID = _("Enter a valid id.")


def parse_id(value) -> int:
    """The id in `value`, or a ValidationError."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(INVALID_ID, code="invalid") from None
    if not 1 <= number <= MAX_ID:
        raise ValidationError(INVALID_ID, code="invalid")
    return number


class IdField(forms.IntegerField):
    def to_python(self, value):
        return None if value in self.empty_values else parse_id(value)


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A row by id; a valid id of no row still filters, to nothing, rather than a 400."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.null_label is not None and value == self.null_value:
            return value
        number = parse_id(value)
        try:
            return super().to_python(number)
        except ValidationError:
            return number


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """A filter on a related row's id, e.g. `journey` through `stage__journey`."""

    field_class = IdField


@extend_schema_field(ID_SCHEMA)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of rows (a select on pages) whose value is the row's id."""

    field_class = IdChoiceField


class FilterSet(django_filters.FilterSet):
    """The base of every FilterSet: filters generated for keys take bounded ids."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.AutoField: {"filter_class": IdFilter},
        models.BigAutoField: {"filter_class": IdFilter},
        models.ForeignKey: {
            **django_filters.FilterSet.FILTER_DEFAULTS[models.ForeignKey],
            "filter_class": IdChoiceFilter,
        },
        models.OneToOneField: {
            **django_filters.FilterSet.FILTER_DEFAULTS[models.OneToOneField],
            "filter_class": IdChoiceFilter,
        },
    }


class FilterBackend(DjangoFilterBackend):
    """The API's filters: a filter given empty (but a text one) or a boolean filter given
    anything but true or false is a 400, where a page's form leaves the filter out."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {}
            for name, filter_ in filterset.filters.items():
                for value in request.query_params.getlist(name):
                    error = _strict_error(filter_, value)
                    if error:
                        errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return filterset


def _strict_error(filter_, value: str):
    """What is wrong with `value` for `filter_` that the page's form would ignore, if anything."""
    if not value.strip() and not isinstance(filter_, django_filters.CharFilter):
        return serializers.CharField.default_error_messages["blank"]
    if isinstance(filter_, django_filters.BooleanFilter) and value.lower() not in ("true", "false"):
        return serializers.BooleanField.default_error_messages["invalid"]
    return None
