import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import FilterSet, IdFilter

from .models import EVENT_TYPE_CHOICES, WebhookDelivery


class DeliveryFilterSet(FilterSet):
    subscription = IdFilter(field_name="subscription", label=_("Subscription"))
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event_type = django_filters.ChoiceFilter(choices=EVENT_TYPE_CHOICES)

    class Meta:
        model = WebhookDelivery
        fields = ["subscription", "status", "event_type"]
