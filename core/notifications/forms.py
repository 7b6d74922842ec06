from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import kinds_known
from .models import Delivery, time_zone_choices


class PreferencesForm(forms.Form):
    """One choice per kind of notification, then the digest's hour and time zone."""

    hour = forms.TypedChoiceField(
        label=_("Daily digest at"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds_known():
            self.fields[f"kind:{kind.name}"] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices
            )

    def kind_fields(self):
        return [self[name] for name in self.fields if name.startswith("kind:")]

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("kind:"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind:")
        }
