from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CSVFileField
from core.selectors import users_active

from . import services
from .models import (
    Action,
    CivileNeed,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    SpecificNeed,
    Stage,
    Touchpoint,
)


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = ["name", "persona", "state", "owner", "escalation_contact", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_active()
        self.fields["escalation_contact"].queryset = users_active()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the journey a name."))
        return name


class JourneyDuplicateForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=200)
    state = forms.ChoiceField(
        label=_("State"), choices=Journey.State.choices, initial=Journey.State.TO_BE
    )


class PersonaForm(forms.ModelForm):
    specific_needs = forms.MultipleChoiceField(
        label=_("SPECIFIC needs"),
        choices=SpecificNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    civile_needs = forms.MultipleChoiceField(
        label=_("CIVILE needs"),
        choices=CivileNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Persona
        fields = ["name", "description", "buying_role", "specific_needs", "civile_needs"]


class VersionedForm(forms.ModelForm):
    """Carries the version of the item the editor opened, so that saving cannot silently
    overwrite what someone else changed meanwhile (services.StaleEdit)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def show_current_version(self, version: int) -> None:
        """After a refused save: the next save, if the user makes it, replaces the change."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)


class StageForm(VersionedForm):
    class Meta:
        model = Stage
        fields = list(services.STAGE_FIELDS)
        widgets = {
            "customer_goal": forms.Textarea(attrs={"rows": 2}),
            "expectations": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the service gives the next free letter.
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "A short code: A, B, C… Left empty, the next free letter. The code stays with the "
            "stage when it moves, so comparisons and CSV imports still find it; "
            "“Re-letter A, B, C…” on the map gives the codes in the current order."
        )


class TouchpointForm(VersionedForm):
    class Meta:
        model = Touchpoint
        fields = list(services.TOUCHPOINT_FIELDS)
        widgets = {
            "tools": forms.Textarea(attrs={"rows": 2}),
            "volume": forms.NumberInput(attrs={"min": 0, "max": Touchpoint.VOLUME_MAX}),
        }


class MomentOfTruthForm(forms.ModelForm):
    class Meta:
        model = MomentOfTruth
        fields = list(services.MOMENT_OF_TRUTH_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(
            stage_id=self.instance.stage_id
        ).order_by("position")


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = list(services.OBSERVATION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = list(services.ACTION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(
            journey_id=self.instance.journey_id
        ).order_by("position")
        self.fields["owner"].queryset = users_active()


class JourneyImportForm(forms.Form):
    file = CSVFileField(
        help_text=_("UTF-8, comma-separated, at most 1 MB, with the columns of the CSV export.")
    )
