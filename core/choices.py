"""Choices of a row of a big table (a stage among thousands, a touchpoint among tens of
thousands): the form carries the chosen rows and the first few others, and a search box above
the select asks the server for the rows matching what is typed. A page with such a choice
costs the same with 20 rows or 20,000."""

import json

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .api.filters import IdChoiceField, IdChoiceFilter

SHOWN_CHOICES = 30


def _chosen_ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


def choices_chosen(request: HttpRequest) -> list[int]:
    """The ids a search select sends along with `?search=` (its own values; the other
    parameters are the view's filters or the blank's label)."""
    return _chosen_ids(
        value
        for key in request.GET
        if key not in ("search", "blank")
        for value in request.GET.getlist(key)
    )


def _shown_rows(queryset: QuerySet, chosen: list[int], *, matching: Q | None = None) -> QuerySet:
    """The chosen rows and the first others (matching the search, when there is one), in
    the queryset's order. "First" goes by primary key, which an index serves: ordering the
    whole table as the select shows it would cost what the table holds."""
    others = queryset if matching is None else queryset.filter(matching)
    first = others.order_by("pk").values("pk")[:SHOWN_CHOICES]
    rows = queryset.filter(Q(pk__in=chosen) | Q(pk__in=first)).annotate(
        chosen_first=Case(
            When(pk__in=chosen, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    return rows.order_by("chosen_first", *(queryset.query.order_by or ("pk",)))


class SearchSelectMixin:
    """A select whose options are the chosen rows and the first others, with a search box
    that replaces them (htmx) by the rows `options_url` finds for the text typed."""

    template_name = "core/widgets/search_select.html"

    def __init__(self, *, options_url, filters: dict[str, str] | None = None, attrs=None):
        super().__init__(attrs)
        self.options_url = options_url
        self.filters = filters or {}

    def optgroups(self, name, value, attrs=None):
        every = self.choices
        if isinstance(every, ModelChoiceIterator):
            field = every.field
            shown = [every.choice(row) for row in _shown_rows(every.queryset, _chosen_ids(value))]
            if field.empty_label is not None and not self.allow_multiple_selected:
                shown.insert(0, ("", field.empty_label))
            self.choices = shown
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every

    def use_required_attribute(self, initial):
        # Select reads the first option to see whether it is the blank one: the field knows,
        # where reading it would query the table.
        every = self.choices
        if self.allow_multiple_selected or not isinstance(every, ModelChoiceIterator):
            return super().use_required_attribute(initial)
        return not self.is_hidden and every.field.empty_label is not None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        every = self.choices
        blank = getattr(getattr(every, "field", None), "empty_label", None)
        context["widget"]["options_url"] = str(self.options_url)
        values = dict(self.filters)
        if blank is not None and not self.allow_multiple_selected:
            values["blank"] = str(blank)
        context["widget"]["search_values"] = json.dumps(values)
        return context


class SearchSelect(SearchSelectMixin, forms.Select):
    pass


class SearchSelectMultiple(SearchSelectMixin, forms.SelectMultiple):
    pass


class SearchIdChoiceField(IdChoiceField):
    """A filter's choice of a row by id, labelled by `label_from_instance` when given."""

    def __init__(self, *args, label_from_instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label_from_instance is not None:
            self.label_from_instance = label_from_instance


class SearchChoiceFilter(IdChoiceFilter):
    """A filter on a row of a big table: a search select on pages, an id in the API. A
    subclass gives `options_url`, `rows()` and its labels; keywords replace any of them."""

    field_class = SearchIdChoiceField
    options_url = ""
    default_label = None
    default_empty_label = None
    label_from_instance = None

    def __init__(self, **kwargs):
        defaults = {
            "label": self.default_label,
            "empty_label": self.default_empty_label,
            "queryset": self.rows(),
            "widget": SearchSelect(options_url=self.options_url),
        }
        if self.label_from_instance is not None:
            defaults["label_from_instance"] = self.label_from_instance
        super().__init__(**{**defaults, **kwargs})

    def rows(self) -> QuerySet:
        raise NotImplementedError


def search_choices_response(
    request: HttpRequest, *, queryset: QuerySet, label, lookups: list[str]
) -> HttpResponse:
    """The options of a search select for `?search=`: the rows whose `lookups` contain the
    text (every word of it), after the rows already chosen (the select's own values, sent
    along; other parameters are the view's filters), labelled by `label(row)`."""
    words = request.GET.get("search", "").split()[:5]
    matching = None
    for word in words:
        contains = Q.create([(f"{lookup}__icontains", word) for lookup in lookups], Q.OR)
        matching = contains if matching is None else matching & contains
    chosen = choices_chosen(request)
    rows = _shown_rows(queryset, chosen, matching=matching)
    options = [(row.pk, label(row), row.pk in chosen) for row in rows]
    # No request context: options need none of the page's context processors' queries.
    return HttpResponse(
        render_to_string(
            "core/widgets/search_options.html",
            {"options": options, "blank": request.GET.get("blank")},
        )
    )
