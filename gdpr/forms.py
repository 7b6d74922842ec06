from django import forms
from django.utils.translation import gettext_lazy as _

from core import selectors as core_selectors
from core.fields import UserChoiceField
from core.validators import TEXT_MAX_LENGTH
from journeys import selectors as journey_selectors
from journeys.fields import JourneysChoiceField, StageChoiceField
from journeys.models import Stage
from stakeholders import selectors as stakeholder_selectors
from stakeholders.fields import ExternalStakeholderChoiceField

from .fields import ActivityChoiceField
from .models import (
    ACTIVITY_FIELDS,
    DATA_ITEM_FIELDS,
    DPIA_CRITERIA,
    PROCESSOR_FIELDS,
    REQUIREMENT_FIELDS,
    SCREENING_FIELDS,
    DataItem,
    DPIAScreening,
    ProcessingActivity,
    Processor,
    Requirement,
    ReviewStatus,
    SecurityMeasure,
)
from .services import SEARCH_MIN_LENGTH


class ProcessingActivityForm(forms.ModelForm):
    security_measures = forms.MultipleChoiceField(
        label=_("Security measures"),
        choices=SecurityMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcessingActivity
        fields = [*ACTIVITY_FIELDS, "journeys"]
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
        }
        field_classes = {"journeys": JourneysChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journeys"].queryset = journey_selectors.journey_options()


class DataItemForm(forms.ModelForm):
    """A data item on one stage: the touchpoints offered are that stage's."""

    # The page asks what the data is and where it comes from before the details.
    field_order = ("name", "category", "touchpoint", "activity", "source")

    class Meta:
        model = DataItem
        fields = DATA_ITEM_FIELDS
        widgets = {"consent_collection": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"activity": ActivityChoiceField}

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.instance.stage = stage
        self.fields["touchpoint"].queryset = journey_selectors.touchpoint_options(stage_id=stage.pk)
        self.fields["activity"].queryset = ProcessingActivity.objects.order_by("name", "id")


class StageChoiceForm(forms.Form):
    stage = StageChoiceField(
        label=_("Stage"),
        queryset=journey_selectors.stage_options(),
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
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you request changes."),
    )


class ProcessorForm(forms.ModelForm):
    class Meta:
        model = Processor
        fields = ["stakeholder", *PROCESSOR_FIELDS]
        widgets = {"agreement_signed_on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"stakeholder": ExternalStakeholderChoiceField}

    def __init__(self, *args, activity: ProcessingActivity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["stakeholder"].queryset = stakeholder_selectors.stakeholders_external()


class DPIAScreeningForm(forms.ModelForm):
    class Meta:
        model = DPIAScreening
        fields = SCREENING_FIELDS
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
        fields = REQUIREMENT_FIELDS
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "done_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = core_selectors.user_options(
            keeping=[self.instance.owner_id]
        )


class RespondentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("E-mail or external reference"),
        min_length=SEARCH_MIN_LENGTH,
        max_length=254,
        help_text=_(
            "The address or the reference, or how it starts (at least 3 characters); every "
            "respondent shown is logged."
        ),
    )


class ExportForm(forms.Form):
    FORMATS = [("xlsx", "XLSX"), ("csv", "CSV"), ("pdf", "PDF")]

    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", _("English")), ("fr", _("French"))]
    )
