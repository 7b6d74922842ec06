"""Choices of a user (an owner, an interviewer, an escalation contact): a search select, so
that a form costs the same with 40 users or 4,000. Users are shown by name (User.__str__),
never by e-mail."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .api.filters import IdChoiceField, IdChoiceFilter
from .choices import SearchSelect
from .selectors import users_active

USER_CHOICES_URL = reverse_lazy("core:user_choices")


class UserChoiceField(forms.ModelChoiceField):
    """A form's choice of one user (give it `selectors.user_options`)."""

    widget = SearchSelect(options_url=USER_CHOICES_URL)


class UserIdChoiceField(IdChoiceField):
    widget = SearchSelect(options_url=USER_CHOICES_URL)


class UserFilter(IdChoiceFilter):
    """A filter on a user (a search select of the active users on pages, an id in the API;
    a deactivated user's id still filters)."""

    field_class = UserIdChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("User"))
        kwargs.setdefault("empty_label", _("Anyone"))
        kwargs.setdefault("queryset", users_active())
        super().__init__(**kwargs)
