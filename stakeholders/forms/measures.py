"""What stakeholders measures for the journeys: a KPI's value, the feed of a standard, the
KPI an action should move."""

from django import forms
from django.utils.translation import gettext_lazy as _

from journeys.models import Action, MomentOfTruth

from ..models import KPI, SLAObjective, Stakeholder


class KPIMeasurementForm(forms.Form):
    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=KPI.objects.none())
    period_start = forms.DateField(
        label=_("Period start"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day of the KPI's week (Monday) or month."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = KPI.objects.filter(stakeholder=stakeholder).order_by("name")


def _source_label(item) -> str:
    owner = item.stakeholder if isinstance(item, KPI) else item.sla.stakeholder
    return f"{item} — {owner} ({item.get_period_display()})"


class StandardFeedForm(forms.Form):
    """A KPI or an SLA objective of the standard's period; neither: its own measurements."""

    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=KPI.objects.none(), required=False)
    objective = forms.ModelChoiceField(
        label=_("SLA objective"), queryset=SLAObjective.objects.none(), required=False
    )

    def __init__(self, *args, moment: MomentOfTruth, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = (
            KPI.objects.filter(period=moment.period)
            .select_related("stakeholder")
            .order_by("stakeholder__name", "name")
        )
        self.fields["kpi"].label_from_instance = _source_label
        self.fields["objective"].queryset = (
            SLAObjective.objects.filter(period=moment.period)
            .select_related("sla__stakeholder")
            .order_by("sla__stakeholder__name", "metric")
        )
        self.fields["objective"].label_from_instance = _source_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kpi") and cleaned.get("objective"):
            raise forms.ValidationError(_("Pick a KPI or an SLA objective, not both."))
        return cleaned


class ActionKPIForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label=_("KPI"),
        queryset=KPI.objects.none(),
        required=False,
        help_text=_("Empty: the action moves no KPI."),
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = KPI.objects.select_related("stakeholder").order_by(
            "stakeholder__name", "name"
        )
        self.fields["kpi"].label_from_instance = _source_label
