from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import User
from journeys.models import Journey, Stage, Touchpoint
from stakeholders.models import Stakeholder

from .models import (
    DPIA_CRITERIA,
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    ReviewStatus,
    SecurityMeasure,
)


class ProcessingActivityForm(forms.ModelForm):
    security_measures = forms.MultipleChoiceField(
        label=_("Security measures"),
        choices=SecurityMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "name",
            "purposes",
            "controller_contact",
            "dpo_contact",
            "data_subjects",
            "legal_basis",
            "legal_basis_justification",
            "balancing_test",
            "retention",
            "recipients",
            "transfers_outside_eu",
            "transfer_countries",
            "transfer_safeguard",
            "security_measures",
            "security_notes",
            "journeys",
        ]
        widgets = {
            **{
                field: forms.Textarea(attrs={"rows": 2})
                for field in (
                    "purposes",
                    "controller_contact",
                    "data_subjects",
                    "legal_basis_justification",
                    "balancing_test",
                    "recipients",
                    "security_notes",
                )
            },
            "journeys": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journeys"].queryset = Journey.objects.order_by("name")


class DataItemForm(forms.ModelForm):
    """A data item on one stage: the touchpoints offered are that stage's."""

    class Meta:
        model = DataItem
        fields = [
            "name",
            "category",
            "touchpoint",
            "activity",
            "source",
            "special_category",
            "article9_condition",
            "consent_needed",
            "consent_collection",
            "retention",
        ]
        widgets = {"consent_collection": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.instance.stage = stage
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(stage=stage).order_by(
            "position"
        )
        self.fields["activity"].queryset = ProcessingActivity.objects.order_by("name")


class StageChoiceForm(forms.Form):
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=Stage.objects.select_related("journey").order_by("journey__name", "position"),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewStatus.APPROVED, _("Approve")),
            (ReviewStatus.CHANGES_REQUESTED, _("Request changes")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you request changes."),
    )


class ProcessorForm(forms.ModelForm):
    class Meta:
        model = Processor
        fields = ["stakeholder", "service", "agreement_signed_on", "agreement_location"]
        widgets = {"agreement_signed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, activity: ProcessingActivity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            kind=Stakeholder.Kind.EXTERNAL
        ).order_by("name")


class DPIAScreeningForm(forms.ModelForm):
    class Meta:
        model = DPIAScreening
        fields = [
            *(field for name, _label in DPIA_CRITERIA for field in (name, f"{name}_notes")),
            "conclusion",
            "dpia_status",
            "dpia_document_url",
        ]
        widgets = {
            **{
                f"{name}_notes": forms.Textarea(attrs={"rows": 1}) for name, _label in DPIA_CRITERIA
            },
            "conclusion": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DPIA_CRITERIA:
            self.fields[f"{name}_notes"].label = _("Notes on “%(criterion)s”") % {
                "criterion": label
            }

    def criteria_rows(self):
        return [(self[name], self[f"{name}_notes"]) for name, _label in DPIA_CRITERIA]


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["status", "owner", "evidence", "done_on"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "done_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")


class RespondentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("E-mail or external reference"),
        max_length=254,
        help_text=_("The exact address or reference; the search is logged."),
    )


class ExportForm(forms.Form):
    FORMATS = [("xlsx", "XLSX"), ("csv", "CSV"), ("pdf", "PDF")]

    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", _("English")), ("fr", _("French"))]
    )
