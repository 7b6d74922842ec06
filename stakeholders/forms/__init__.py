from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import UserChoiceField
from core.forms import CSVFileField
from core.selectors import user_options
from journeys import selectors as journey_selectors
from journeys.fields import (
    JourneyPickForm,
    StageChoiceField,
    StagesChoiceField,
    TouchpointChoiceField,
    TouchpointsChoiceField,
)
from journeys.models import Stage, Touchpoint

from ..fields import StakeholderChoiceField
from ..models import KPI, SLA, Incentive, Involvement, Office, SLAObjective, Stakeholder
from ..services.stakeholders import INVOLVEMENT_FIELDS, STAKEHOLDER_FIELDS


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
        field_classes = {"owner": UserChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = user_options(keeping=[self.instance.owner_id])


class StakeholderPartForm(forms.ModelForm):
    """A record of a stakeholder: the model's errors on fields the form does not show (its
    stakeholder, its SLA) are shown above the form instead of failing."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            shown: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                shown.setdefault(key, []).extend(messages)
            errors = ValidationError(shown)
        super()._update_errors(errors)


class InvolvementForm(StakeholderPartForm):
    """Where the stakeholder takes part; the stage is chosen once, at creation."""

    stage = StageChoiceField(label=_("Stage"), queryset=Stage.objects.none())
    touchpoint = TouchpointChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        help_text=_("Optional: one touchpoint of the stage."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels handled"),
        choices=Touchpoint.Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Involvement
        fields = ["stage", *INVOLVEMENT_FIELDS]
        widgets = {"tools": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["stage"]
            # A stage has a few touchpoints: all of them, without a search.
            self.fields["touchpoint"].widget = forms.Select()
            touchpoints = journey_selectors.touchpoint_options(stage_id=self.instance.stage_id)
        else:
            self.fields["stage"].queryset = journey_selectors.stage_options()
            touchpoints = journey_selectors.touchpoint_options()
        self.fields["touchpoint"].queryset = touchpoints


class StagePlacementForm(forms.Form):
    """Who serves a stage no stakeholder serves yet (the journey health panel's fix)."""

    stakeholder = StakeholderChoiceField(
        label=_("Stakeholder"), queryset=Stakeholder.objects.none()
    )
    office = forms.ChoiceField(label=_("Office"), choices=Office.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.order_by("name")


class ResponsibleForm(forms.Form):
    """Who answers for a touchpoint (the journey health panel's fix)."""

    stakeholder = StakeholderChoiceField(
        label=_("Responsible stakeholder"),
        queryset=Stakeholder.objects.none(),
        help_text=_("A complaint about this touchpoint goes to them first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.order_by("name")


class KPIForm(StakeholderPartForm):
    class Meta:
        model = KPI
        fields = ["name", "unit", "target", "current_value", "direction", "alignment", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "alignment": _(
                "Dissonant: reaching the target can push against customer satisfaction "
                "(e.g. calls handled per day)."
            )
        }

    def clean_name(self):
        name = self.cleaned_data["name"]
        duplicates = KPI.objects.filter(stakeholder_id=self.instance.stakeholder_id, name=name)
        if duplicates.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This stakeholder already has a KPI with this name."))
        return name


class IncentiveForm(StakeholderPartForm):
    class Meta:
        model = Incentive
        fields = [
            "type",
            "name",
            "eligible_population",
            "calculation",
            "kpi",
            "rewards_customer_satisfaction",
        ]
        widgets = {"calculation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = KPI.objects.filter(
            stakeholder_id=self.instance.stakeholder_id
        ).order_by("name")
        self.fields["kpi"].help_text = _("The KPI that drives it, if any.")


class SLAForm(StakeholderPartForm):
    stages = StagesChoiceField(
        label=_("Stages served"),
        queryset=Stage.objects.none(),
        required=False,
        help_text=_(
            "The journey stages this service delivers: the map shows a breach of the current "
            "or last period there, and only there."
        ),
    )
    touchpoints = TouchpointsChoiceField(
        label=_("Touchpoints served"),
        queryset=Touchpoint.objects.none(),
        required=False,
        help_text=_("Or only some touchpoints: a breach shows on their stages."),
    )

    class Meta:
        model = SLA
        fields = [
            "service",
            "contract_reference",
            "valid_from",
            "valid_until",
            "stages",
            "touchpoints",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stages"].queryset = journey_selectors.stage_options()
        self.fields["touchpoints"].queryset = journey_selectors.touchpoint_options()


class SLAObjectiveForm(StakeholderPartForm):
    class Meta:
        model = SLAObjective
        fields = ["metric", "unit", "comparison", "target", "period"]
        help_texts = {"target": _("Met or breached is computed from the comparison and target.")}


class AlignmentForm(JourneyPickForm):
    dissonant_only = forms.BooleanField(label=_("Dissonant only"), required=False)


class MeasurementImportForm(forms.Form):
    file = CSVFileField(
        help_text=_(
            "UTF-8, comma-separated, at most 1 MB, with the columns metric, period_start, value "
            "(and service when two SLAs share a metric)."
        )
    )


class MeasurementForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=SLAObjective.objects.none())
    period_start = forms.DateField(
        label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = SLAObjective.objects.filter(
            sla__stakeholder=stakeholder
        ).select_related("sla")


from .interviews import (  # noqa: E402
    IncentiveRowFormSet,
    InterviewAnswersForm,
    InterviewCreateForm,
    InterviewSendBackForm,
    KPIRowFormSet,
)

__all__ = [
    "AlignmentForm",
    "IncentiveForm",
    "IncentiveRowFormSet",
    "InterviewAnswersForm",
    "InterviewCreateForm",
    "InterviewSendBackForm",
    "InvolvementForm",
    "KPIForm",
    "KPIRowFormSet",
    "MeasurementForm",
    "MeasurementImportForm",
    "ResponsibleForm",
    "SLAForm",
    "SLAObjectiveForm",
    "StagePlacementForm",
    "StakeholderForm",
]
