from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.fields import UserChoiceField
from core.imports import WorkbookFileField
from core.selectors import user_options

from . import services
from .fields import PersonaChoiceField
from .models import (
    Action,
    BuyingGroupMember,
    CivileNeed,
    DissatisfactionRisk,
    Journey,
    JourneyTemplate,
    MomentOfTruth,
    Observation,
    Persona,
    SpecificNeed,
    Stage,
    StandardMeasurement,
    Touchpoint,
    phase_choices,
)


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = list(services.JOURNEY_FIELDS)
        field_classes = {
            "persona": PersonaChoiceField,
            "owner": UserChoiceField,
            "escalation_contact": UserChoiceField,
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, new_persona: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = user_options(keeping=[self.instance.owner_id])
        # Left out, the journey keeps its metric (NPS for a new one).
        self.fields["emotion_metric"].required = False
        self.fields["phase_set"].required = False
        self.fields["escalation_contact"].queryset = user_options(
            keeping=[self.instance.escalation_contact_id]
        )
        if new_persona:
            self.fields["new_persona"] = forms.CharField(
                label=_("Or a new persona"),
                max_length=Persona._meta.get_field("name").max_length,
                required=False,
                help_text=_(
                    "No persona fits? Name one here: it is created with the journey, and you "
                    "describe its needs later on the Personas page."
                ),
            )
            self.order_fields(["name", "persona", "new_persona"])

    def clean(self):
        cleaned_data = super().clean()
        if "new_persona" not in self.fields:
            return cleaned_data
        new_persona = (cleaned_data.get("new_persona") or "").strip()
        if new_persona and cleaned_data.get("persona"):
            self.add_error(
                "new_persona", _("Pick an existing persona or name a new one, not both.")
            )
        cleaned_data["new_persona"] = new_persona
        return cleaned_data

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the journey a name."))
        return name

    def clean_emotion_metric(self):
        return self.cleaned_data["emotion_metric"] or self.instance.emotion_metric

    def clean_phase_set(self):
        return self.cleaned_data["phase_set"] or self.instance.phase_set


class JourneyDuplicateForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=200)
    state = forms.ChoiceField(
        label=_("State"), choices=Journey.State.choices, initial=Journey.State.TO_BE
    )


def _specific_needs_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("SPECIFIC needs"),
        choices=SpecificNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the customer looks for in the offer itself (SPECIFIC): security, "
            "performance, environment, consideration, image, finances, innovation, comfort. "
            "Tick the dominant ones only."
        ),
    )


def _civile_needs_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("CIVILE needs"),
        choices=CivileNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the customer looks for in the relationship (CIVILE): consideration (being "
            "recognised), integration (belonging), valorisation (feeling valued), "
            "individualisation (a personal answer), limits (clear rules), expression (being "
            "heard). Tick the dominant ones only."
        ),
    )


class PersonaForm(forms.ModelForm):
    specific_needs = _specific_needs_field()
    civile_needs = _civile_needs_field()

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
    field_order = ["name", "code"]

    class Meta:
        model = Stage
        fields = list(services.STAGE_FIELDS)
        widgets = {
            "customer_goal": forms.Textarea(attrs={"rows": 2}),
            "expectations": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The phases of the journey's phase set only (every set's before a journey is known).
        if self.instance.journey_id is not None:
            self.fields["funnel_phase"].choices = [
                ("", "---------"),
                *phase_choices(self.instance.journey.phase_set),
            ]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        internal = [c for c in Touchpoint.Channel.choices if c[0] in Touchpoint.INTERNAL_CHANNELS]
        customer = [c for c in Touchpoint.Channel.choices if c not in internal]
        self.fields["channel"].choices = [
            ("", "---------"),
            (_("Customer channels"), customer),
            (_("Inside the company (back-stage only)"), internal),
        ]


def _risks_field(help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Dissatisfaction risks"),
        choices=DissatisfactionRisk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "risk-choices"}),
        help_text=help_text,
    )


class MomentOfTruthForm(forms.ModelForm):
    risks = _risks_field(_("The risks this moment runs, before any complaint comes in."))

    class Meta:
        model = MomentOfTruth
        fields = list(services.MOMENT_OF_TRUTH_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(
            stage_id=self.instance.stage_id
        ).order_by("position")
        # Left out, they keep their defaults: a standard (not a norm), measured per month.
        for name in ("standard_kind", "period"):
            self.fields[name].required = False

    def clean_standard_kind(self):
        return self.cleaned_data["standard_kind"] or MomentOfTruth.StandardKind.STANDARD

    def clean_period(self):
        return self.cleaned_data["period"] or MomentOfTruth._meta.get_field("period").default


class ObservationForm(forms.ModelForm):
    risks = _risks_field(_("The risks this irritant points to (or an enchantment averts)."))

    class Meta:
        model = Observation
        fields = list(services.OBSERVATION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = list(services.ACTION_FIELDS)
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "observation": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(
            journey_id=self.instance.journey_id
        ).order_by("position")
        self.fields["observation"].queryset = Observation.objects.filter(
            stage__journey_id=self.instance.journey_id
        )
        self.fields["owner"].queryset = user_options(keeping=[self.instance.owner_id])
        self.fields["measure_moment"].queryset = (
            MomentOfTruth.objects.filter(stage__journey_id=self.instance.journey_id)
            .filter(MomentOfTruth.MEASURABLE_STANDARD)
            .select_related("stage")
            .order_by("stage__position", "id")
        )


class StandardMeasurementForm(forms.ModelForm):
    """One period's own value of a moment's standard."""

    class Meta:
        model = StandardMeasurement
        fields = ["period_start", "value", "note"]
        widgets = {"period_start": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"period_start": _("The first day of the week (Monday) or of the month.")}


class BuyingGroupMemberForm(forms.ModelForm):
    """A persona of the journey's buying group: their role, channels, and the stages where
    they matter with what they need there."""

    preferred_channels = forms.MultipleChoiceField(
        label=_("Preferred channels"),
        choices=[
            choice
            for choice in Touchpoint.Channel.choices
            if choice[0] not in Touchpoint.INTERNAL_CHANNELS
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stages = forms.ModelMultipleChoiceField(
        label=_("Stages where they matter"),
        queryset=Stage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The map's buying group row shows them at these stages."),
    )
    specific_needs = _specific_needs_field()
    civile_needs = _civile_needs_field()

    class Meta:
        model = BuyingGroupMember
        fields = list(services.BUYING_GROUP_MEMBER_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stages"].queryset = Stage.objects.filter(
            journey_id=self.instance.journey_id
        ).order_by("position")


class JourneyImportForm(forms.Form):
    file = WorkbookFileField(
        help_text=_(
            "The Excel workbook of the export (one sheet per kind), or a CSV file with the "
            "columns of the CSV export (UTF-8, comma-separated); at most 1 MB."
        )
    )


def _observation_label(observation: Observation) -> str:
    return f"{observation.get_kind_display().capitalize()}: {observation.description}"


class ObservationLinkForm(forms.Form):
    """The customer observations of its stage an employee observation explains."""

    explains = forms.ModelMultipleChoiceField(
        label=_("Customer observations it explains"),
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, observation: Observation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["explains"]
        field.queryset = Observation.objects.filter(
            stage_id=observation.stage_id, side=Observation.Side.CUSTOMER
        ).order_by("-severity", "id")
        field.label_from_instance = _observation_label


class ObservationMergeForm(forms.Form):
    """Near-duplicates of an observation (same stage, side and kind) to merge with it, and
    the one kept."""

    merged = forms.ModelMultipleChoiceField(
        label=_("Observations to merge with it"),
        queryset=Observation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    kept = forms.ModelChoiceField(
        label=_("The observation kept"),
        queryset=Observation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, observation: Observation, **kwargs):
        super().__init__(*args, initial={"kept": observation.pk}, **kwargs)
        same = Observation.objects.filter(
            stage_id=observation.stage_id, side=observation.side, kind=observation.kind
        ).order_by("-severity", "id")
        self.fields["merged"].queryset = same.exclude(pk=observation.pk)
        self.fields["kept"].queryset = same
        for name in ("merged", "kept"):
            self.fields[name].label_from_instance = _observation_label
        self.observation = observation

    def clean(self):
        data = super().clean()
        kept, merged = data.get("kept"), data.get("merged")
        if kept is not None and merged is not None:
            group = {self.observation, *merged}
            if kept not in group:
                self.add_error("kept", _("Keep one of the observations being merged."))
            data["merged_away"] = [o for o in group if o != kept]
        return data


class ShareLinkForm(forms.Form):
    # Choices read when the form is made, so in the language of the request.
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("Who the link is for, e.g. “steering committee”; shown only to you."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=lambda: [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in services.SHARE_LINK_DAYS
        ],
        initial=7,
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the people you send the link to by another way."),
    )


class SharedMapPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class JourneyTemplateForm(forms.ModelForm):
    class Meta:
        model = JourneyTemplate
        fields = ["name", "description", "language"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class JourneyFromTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the new journey"), max_length=200)
    persona = forms.ModelChoiceField(
        label=_("Persona"), queryset=Persona.objects.all(), required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=Journey.State.choices, initial=Journey.State.AS_IS
    )


class JourneySnapshotForm(forms.Form):
    name = forms.CharField(
        label=_("Snapshot name"),
        max_length=200,
        help_text=_("What this version is, e.g. “after the March workshop”."),
    )
