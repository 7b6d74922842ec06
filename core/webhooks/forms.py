from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EVENT_TYPE_CHOICES, WebhookSubscription


class SubscriptionForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("Event types"), choices=EVENT_TYPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "description", "event_types", "is_active"]
        help_texts = {
            "url": _("Where Parcours POSTs each event (https; internal addresses are refused)."),
        }

    def clean_event_types(self):
        return list(self.cleaned_data["event_types"])
