import uuid

from django import forms
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.imports import ImportConfirmForm, ImportFileField
from core.selectors import users_active
from journeys import selectors as journey_selectors
from journeys.fields import StageChoiceField, TouchpointChoiceField

from .models import (
    COMPLAINT_CHANNELS,
    JUSTICE_DIMENSIONS,
    Case,
    DissatisfactionRisk,
    FollowUpRule,
    JusticeCheck,
    Language,
    Respondent,
    ReviewLink,
    SurveyTemplate,
)
from .selectors import respondent_identify
from .services import FOLLOW_UP_RULE_FIELDS, SURVEY_TEMPLATE_FIELDS


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


DATE_TIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(forms.ModelForm):
    """A case's handling: who, how urgent, where it stands, how it reached us and who
    complained."""

    class Meta:
        model = Case
        fields = [
            "title",
            "status",
            "owner",
            "category",
            "severity",
            "due_at",
            "recontacted_at",
            "channel",
            "language",
            "description",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "due_at": DATE_TIME_INPUT,
            "recontacted_at": DATE_TIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, may_read_respondents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users_active()
        # Left out of a post, the channel and the language stay as they were.
        for name in ("channel", "language"):
            self.fields[name].required = False
        if not may_read_respondents:
            for name in ("title", "description", "contact_name", "contact_email", "contact_phone"):
                del self.fields[name]

    def clean_channel(self):
        return self.cleaned_data["channel"] or self.instance.channel

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language


class CaseCompensationForm(forms.ModelForm):
    """The compensation and the justice of the recovery: what the guideline weighs, the offer,
    the checklist of the three justice dimensions and their notes."""

    justice_checks = forms.MultipleChoiceField(
        label=_("Justice checklist"),
        choices=JusticeCheck.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = [
            "harm_amount",
            "customer_annual_value",
            "inconvenience",
            "substitutability",
            "compensation_offered",
            "justice_checks",
            "distributive_justice",
            "procedural_justice",
            "interactional_justice",
        ]
        widgets = {
            "distributive_justice": forms.Textarea(attrs={"rows": 2}),
            "procedural_justice": forms.Textarea(attrs={"rows": 2}),
            "interactional_justice": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "distributive_justice": _("Notes"),
            "procedural_justice": _("Notes"),
            "interactional_justice": _("Notes"),
        }

    def __init__(self, *args, may_read_respondents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_read_respondents:
            for name in ("distributive_justice", "procedural_justice", "interactional_justice"):
                del self.fields[name]

    def justice_fieldsets(self):
        """(legend, the checklist's boxes, the notes' field or None) for each justice
        dimension."""
        boxes = list(self["justice_checks"])
        return [
            (
                label,
                [box for box in boxes if str(box.data["value"]).startswith(f"{dimension}_")],
                self[f"{dimension}_justice"] if f"{dimension}_justice" in self.fields else None,
            )
            for dimension, label in JUSTICE_DIMENSIONS.items()
        ]


class ComplaintForm(forms.Form):
    """A complaint that came by phone, letter, e-mail, social media, a review site or in
    person: four required fields (channel, stage, title, severity); the customer, known or
    not, and the rest are optional."""

    required_css_class = "required"

    channel = forms.ChoiceField(
        label=_("Came by"), choices=COMPLAINT_CHANNELS, widget=forms.RadioSelect
    )
    stage = StageChoiceField(label=_("Stage"), queryset=journey_selectors.stage_options())
    title = forms.CharField(
        label=_("What is the complaint about?"),
        max_length=200,
        help_text=_("One line, e.g. “Charged twice for fuel”."),
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Case.Severity.choices, coerce=int, initial=Case.Severity.MEDIUM
    )
    description = forms.CharField(
        label=_("What the customer said"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The letter, e-mail or post, or notes of the call."),
    )
    customer = forms.CharField(
        label=_("Known customer"),
        required=False,
        max_length=254,
        help_text=_("The beginning of their e-mail address or customer reference."),
    )
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    language = forms.ChoiceField(
        label=_("Customer's language"),
        choices=[("", _("The known customer's, else this page's")), *Language.choices],
        required=False,
        help_text=_("The language of the replies."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=users_active(),
        required=False,
        help_text=_(
            "Empty: the user behind the stage's responsible stakeholder, or else "
            "the journey's owner."
        ),
    )
    category = forms.ChoiceField(
        label=_("Dissatisfaction risk"),
        choices=[("", "---------"), *DissatisfactionRisk.choices],
        required=False,
    )
    due_at = forms.DateTimeField(
        label=_("Due at"),
        required=False,
        widget=DATE_TIME_INPUT,
        help_text=_("Empty: within the usual deadline for complaints."),
    )
    harm_amount = forms.DecimalField(
        label=_("Harm amount"), required=False, min_value=0, max_digits=10, decimal_places=2
    )

    CUSTOMER_FIELDS = ("customer", "contact_name", "contact_email", "contact_phone", "language")
    MORE_FIELDS = ("owner", "category", "due_at", "harm_amount")

    def __init__(self, *args, may_read_respondents: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Finding a respondent by e-mail or reference tells who they are: only for the
        # roles that read respondents (feedback.privacy).
        if may_read_respondents:
            self.fields["customer"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "hx-get": reverse("feedback:case_customer_lookup"),
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": "#customer-matches",
                }
            )
        else:
            del self.fields["customer"]
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or str(user)

    def clean_customer(self) -> Respondent | None:
        query = self.cleaned_data["customer"].strip()
        return respondent_identify(query=query) if query else None

    def service_arguments(self) -> dict:
        """The keywords of services.case_create."""
        data = dict(self.cleaned_data)
        data["respondent"] = data.pop("customer", None)
        if not data["language"] and data["respondent"] is None:
            # The language the complaint was just taken in.
            page_language = (translation.get_language() or "")[:2]
            data["language"] = page_language if page_language in Language.values else ""
        for name in ("owner", "due_at", "harm_amount"):
            if data[name] is None:
                del data[name]
        return data

    def sections(self):
        """The optional fields, by section, each open when a field holds a value or an
        error (nothing typed is hidden after an error)."""
        return [
            (
                title,
                [self[name] for name in names if name in self.fields],
                any(
                    self[name].errors or self[name].value() for name in names if name in self.fields
                ),
            )
            for title, names in (
                (_("Customer"), self.CUSTOMER_FIELDS),
                (_("More"), self.MORE_FIELDS),
            )
        ]


class CaseReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the customer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent as written, as a plain-text e-mail."),
    )


class CaseLogForm(forms.Form):
    text = forms.CharField(
        label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class ServiceEventImportForm(forms.Form):
    journey = forms.ModelChoiceField(
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
        fields = ["url", "active"]
