"""The complaint cases' forms: a complaint from any channel, a case's handling, its
compensation and justice, its log, and a reply to the customer."""

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.fields import UserChoiceField
from core.selectors import user_options
from journeys import selectors as journey_selectors
from journeys.fields import StageChoiceField

from ..models import (
    COMPLAINT_CHANNELS,
    JUSTICE_DIMENSIONS,
    Case,
    DissatisfactionRisk,
    JusticeCheck,
    Language,
    Respondent,
)
from ..selectors import respondent_identify

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
        field_classes = {"owner": UserChoiceField}
        widgets = {
            "due_at": DATE_TIME_INPUT,
            "recontacted_at": DATE_TIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, may_read_respondents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = user_options(keeping=[self.instance.owner_id])
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
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=user_options(),
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

    def clean_reply(self) -> str:
        # Browsers post a textarea's line breaks as CRLF: the e-mail writes its own.
        return self.cleaned_data["reply"].replace("\r\n", "\n")


class CaseLogForm(forms.Form):
    text = forms.CharField(
        label=_("Action taken"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
