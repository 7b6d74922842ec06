"""The feedback app's forms; the complaint cases' are in `cases`."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.imports import ImportConfirmForm, ImportFileField
from journeys import selectors as journey_selectors
from journeys.fields import JourneyChoiceField, StageChoiceField, TouchpointChoiceField

from ..models import (
    DissatisfactionRisk,
    FollowUpRule,
    Language,
    ReviewLink,
    SurveyTemplate,
)
from ..services import FOLLOW_UP_RULE_FIELDS, SURVEY_TEMPLATE_FIELDS
from .cases import (
    CaseCompensationForm,
    CaseForm,
    CaseLogForm,
    CaseReplyForm,
    ComplaintForm,
)

__all__ = [
    "CaseCompensationForm",
    "CaseForm",
    "CaseLogForm",
    "CaseReplyForm",
    "ComplaintForm",
    "FollowUpRuleForm",
    "RecoveryAnswerForm",
    "RecurringCauseForm",
    "ReviewLinkForm",
    "ServiceEventForm",
    "ServiceEventImportConfirmForm",
    "ServiceEventImportForm",
    "SurveyAnswerForm",
    "SurveyTemplateForm",
]


def _score_choices(low: int, high: int) -> list[tuple[int, str]]:
    return [(score, str(score)) for score in range(low, high + 1)]


class SurveyAnswerForm(forms.Form):
    """The public survey: only the questions the template asks, with its wording."""

    nps = forms.TypedChoiceField(
        choices=_score_choices(0, 10), coerce=int, widget=forms.RadioSelect
    )
    csat = forms.TypedChoiceField(
        choices=_score_choices(1, 5), coerce=int, widget=forms.RadioSelect
    )
    ces = forms.TypedChoiceField(choices=_score_choices(1, 7), coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, template: SurveyTemplate, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        asked = template.questions()
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]
            else:
                self.fields[name].label = template.wording(name, language)
        if "comment" in self.fields:
            self.fields["comment"].required = False

    def scale_hints(self):
        return {
            "nps": (_("0 = not at all likely"), _("10 = extremely likely")),
            "csat": (_("1 = very dissatisfied"), _("5 = very satisfied")),
            "ces": (_("1 = very little effort"), _("7 = a great deal of effort")),
        }


class RecoveryAnswerForm(forms.Form):
    """The recovery survey: one 1-5 score on how the complaint was handled, and a comment."""

    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how we handled your complaint?"),
        choices=_score_choices(1, 5),
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Would you like to tell us more?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )

    def scale_hints(self):
        return {"score": (_("1 = very dissatisfied"), _("5 = very satisfied"))}


class SurveyTemplateForm(forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = SURVEY_TEMPLATE_FIELDS
        widgets = {
            "thank_you_en": forms.Textarea(attrs={"rows": 2}),
            "thank_you_fr": forms.Textarea(attrs={"rows": 2}),
        }


class FollowUpRuleForm(forms.ModelForm):
    class Meta:
        model = FollowUpRule
        fields = FOLLOW_UP_RULE_FIELDS
        field_classes = {"stage": StageChoiceField, "touchpoint": TouchpointChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = journey_selectors.stage_options()
        self.fields["touchpoint"].queryset = journey_selectors.touchpoint_options()

    def clean(self):
        cleaned = super().clean()
        stage, touchpoint = cleaned.get("stage"), cleaned.get("touchpoint")
        if stage and touchpoint and touchpoint.stage_id != stage.pk:
            self.add_error("touchpoint", _("Choose a touchpoint of the rule's stage."))
        return cleaned


class ServiceEventImportForm(forms.Form):
    journey = JourneyChoiceField(
        label=_("Journey"),
        queryset=journey_selectors.journey_options(),
        help_text=_("The stage codes of the file are this journey's."),
    )
    source = forms.SlugField(
        label=_("Source system"),
        max_length=100,
        initial="csv-upload",
        help_text=_(
            "The system the events come from. An idempotency key already received from this "
            "source creates nothing: uploading a file twice surveys no one twice."
        ),
    )
    file = ImportFileField()


class ServiceEventImportConfirmForm(ImportConfirmForm):
    field_order = ["journey", "source", "content"]

    journey = forms.ModelChoiceField(
        queryset=journey_selectors.journey_options(), widget=forms.HiddenInput
    )
    source = forms.SlugField(max_length=100, widget=forms.HiddenInput)


class RecurringCauseForm(forms.Form):
    stage = StageChoiceField(queryset=journey_selectors.stage_options())
    category = forms.ChoiceField(choices=DissatisfactionRisk.choices)


class ServiceEventForm(forms.Form):
    """One service event entered by hand, as an integration would post it. The form carries
    its own idempotency key: sending it twice (a double click, a reload) records one event."""

    external_ref = forms.CharField(
        label=_("Customer reference"),
        max_length=100,
        help_text=_("The customer's number in your booking or customer system."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Language of the survey"), choices=Language.choices)
    stage = StageChoiceField(label=_("Stage"), queryset=journey_selectors.stage_options())
    touchpoint = TouchpointChoiceField(
        label=_("Touchpoint"),
        queryset=journey_selectors.touchpoint_options(),
        required=False,
        help_text=_("Optional: a touchpoint of the chosen stage."),
    )
    occurred_at = forms.DateTimeField(
        label=_("Occurred at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    idempotency_key = forms.CharField(max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["idempotency_key"].initial = f"form-{uuid.uuid4().hex}"

    def clean(self):
        cleaned = super().clean()
        stage, touchpoint = cleaned.get("stage"), cleaned.get("touchpoint")
        if stage and touchpoint and touchpoint.stage_id != stage.pk:
            self.add_error("touchpoint", _("Choose a touchpoint of the chosen stage."))
        return cleaned


class ReviewLinkForm(forms.ModelForm):
    """A journey's public review page and whether its promoters are invited to it."""

    class Meta:
        model = ReviewLink
        fields = ["url", "active", "follow_up_email"]
