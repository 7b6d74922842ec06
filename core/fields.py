"""Choices of a user (an owner, an interviewer, an escalation contact): a search select, so
that a form costs the same with 40 users or 4,000. Users are shown by name (User.__str__),
never by e-mail."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .choices import SearchChoiceFilter, SearchSelect
from .selectors import users_active

USER_CHOICES_URL = reverse_lazy("core:user_choices")


class UserChoiceField(forms.ModelChoiceField):
    """A form's choice of one user (give it `selectors.user_options`)."""

    widget = SearchSelect(options_url=USER_CHOICES_URL)


class UserFilter(SearchChoiceFilter):
    """A filter on a user (the active users on pages; a deactivated user's id still filters)."""

    options_url = USER_CHOICES_URL
    default_label = _("User")
    default_empty_label = _("Anyone")

    def rows(self):
        return users_active()
