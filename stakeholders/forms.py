from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CSVFileField
from core.models import User
from core.selectors import users_active
from core.validators import TEXT_MAX_LENGTH
from journeys import selectors as journey_selectors
from journeys.fields import StageChoiceField, TouchpointChoiceField
from journeys.models import Stage, Touchpoint

from .models import KPI, SLA, Incentive, Interview, Involvement, SLAObjective, Stakeholder
from .services.stakeholders import STAKEHOLDER_FIELDS


class StakeholderForm(forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_active()


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
        fields = ["stage", "touchpoint", "office", "channels", "volume", "volume_period", "tools"]
        widgets = {"tools": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["stage"]
            touchpoints = journey_selectors.touchpoint_options(stage_id=self.instance.stage_id)
        else:
            self.fields["stage"].queryset = journey_selectors.stage_options()
            touchpoints = journey_selectors.touchpoint_options()
        self.fields["touchpoint"].queryset = touchpoints


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
    class Meta:
        model = SLA
        fields = ["service", "contract_reference", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class SLAObjectiveForm(StakeholderPartForm):
    class Meta:
        model = SLAObjective
        fields = ["metric", "unit", "comparison", "target", "period"]
        help_texts = {"target": _("Met or breached is computed from the comparison and target.")}


class JourneyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_state_display()})"


class AlignmentForm(forms.Form):
    journey = JourneyChoiceField(
        label=_("Journey"),
        queryset=journey_selectors.journey_options(),
        required=False,
        empty_label=None,
    )
    dissonant_only = forms.BooleanField(label=_("Dissonant only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the journeys once: the select would read them again to decide on `required`.
        field = self.fields["journey"]
        field.widget.choices = list(iter(field.choices))


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


class InterviewCreateForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["stakeholder", "journey", "interviewer", "scheduled_at"]
        widgets = {"scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journey"].queryset = journey_selectors.journey_options()
        if user.has_perm("stakeholders.change_stakeholder"):
            self.fields["interviewer"].queryset = users_active()
            self.fields["interviewer"].initial = user
        else:
            del self.fields["interviewer"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class InterviewAnswersForm(forms.Form):
    """The interview's sections; one role, irritants and enchantments field per stage."""

    channels_and_volumes = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Channels and volumes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The channels handled and how many contacts per day, week or month."),
    )
    tools = forms.CharField(
        label=_("Tools"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX_LENGTH,
    )
    kpis = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("KPIs they are judged on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name; unit; target."),
    )
    incentives = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Incentives and how they are calculated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: type (recognition, reward, performance_bonus, commission, other); "
            "eligible population; how it is calculated."
        ),
    )
    ease_of_satisfying = forms.TypedChoiceField(
        label=_("How easy is it to satisfy the customer?"),
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("From 1 (very hard) to 5 (very easy)."),
    )
    blockers = forms.CharField(
        label=_("What stops them"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
    )
    suggestions = forms.CharField(
        label=_("Suggestions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, stages: list[Stage], **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = stages
        for stage in stages:
            self.fields[f"role_{stage.pk}"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                label=_("Role at this stage"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"irritants_{stage.pk}"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                label=_("Irritants (one per line)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"enchantments_{stage.pk}"] = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                label=_("Enchantments (one per line)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def stage_sections(self):
        return [
            (
                stage,
                [self[f"{name}_{stage.pk}"] for name in ("role", "irritants", "enchantments")],
            )
            for stage in self.stages
        ]

    def other_sections(self):
        return [
            self[name]
            for name in (
                "channels_and_volumes",
                "tools",
                "kpis",
                "incentives",
                "ease_of_satisfying",
                "blockers",
                "suggestions",
            )
        ]

    @staticmethod
    def initial_from(interview: Interview) -> dict:
        answers = interview.answers or {}
        initial = {
            section: answers.get(section, "")
            for section in ("channels_and_volumes", "tools", "blockers", "suggestions")
        }
        initial["kpis"] = "\n".join(
            "; ".join([kpi.get("name", ""), kpi.get("unit", ""), kpi.get("target", "")])
            for kpi in answers.get("kpis", [])
        )
        initial["incentives"] = "\n".join(
            "; ".join(
                [
                    item.get("type", ""),
                    item.get("eligible_population", ""),
                    item.get("calculation", ""),
                ]
            )
            for item in answers.get("incentives", [])
        )
        initial["ease_of_satisfying"] = interview.ease_of_satisfying
        for stage_id, stage in (answers.get("stages") or {}).items():
            initial[f"role_{stage_id}"] = stage.get("role", "")
            initial[f"irritants_{stage_id}"] = "\n".join(stage.get("irritants", []))
            initial[f"enchantments_{stage_id}"] = "\n".join(stage.get("enchantments", []))
        return initial

    def answers(self) -> dict:
        data = self.cleaned_data
        kpis = []
        for line in _lines(data["kpis"]):
            parts = [*(part.strip() for part in line.split(";")), "", ""]
            kpis.append({"name": parts[0], "unit": parts[1], "target": parts[2]})
        incentives = []
        for line in _lines(data["incentives"]):
            parts = [part.strip() for part in line.split(";")]
            if len(parts) < 3:
                parts = [Incentive.Type.OTHER, "", line]
            incentives.append(
                {
                    "type": parts[0],
                    "eligible_population": parts[1],
                    "calculation": "; ".join(parts[2:]),
                }
            )
        return {
            "stages": {
                str(stage.pk): {
                    "role": data[f"role_{stage.pk}"],
                    "irritants": _lines(data[f"irritants_{stage.pk}"]),
                    "enchantments": _lines(data[f"enchantments_{stage.pk}"]),
                }
                for stage in self.stages
            },
            "channels_and_volumes": data["channels_and_volumes"],
            "tools": data["tools"],
            "kpis": kpis,
            "incentives": incentives,
            "blockers": data["blockers"],
            "suggestions": data["suggestions"],
        }
