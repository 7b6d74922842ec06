"""Choice labels that cost a dictionary look-up."""

from functools import cache

from django.db.models import Field
from django.utils.encoding import force_str


@cache
def _labels(field: Field) -> dict:
    # The labels stay lazy: translated when shown, in the language of the request.
    return dict(field.flatchoices)


class ChoiceDisplayMixin:
    """`get_FOO_display()` from a dictionary kept per field. Django's own builds it again on
    each call and hashes every label of the field, a translation look-up each: on a list page
    of 50 rows, a fifth of the time (issue 20)."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
