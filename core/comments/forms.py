from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "data-mentions": "true"}),
        help_text=_("Plain text; links become clickable. Type @ to mention someone."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
