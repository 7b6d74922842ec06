from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import User

from .models import CivileNeed, Journey, Persona, SpecificNeed


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = ["name", "persona", "state", "owner", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")

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
