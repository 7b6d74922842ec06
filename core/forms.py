from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .logos import logo_reencoded
from .models import Organisation
from .scopes import READ, SCOPES
from .services import ORGANISATION_FIELDS

CSV_MAX_BYTES = 1024 * 1024
CSV_CONTENT_TYPES = {"text/csv", "text/plain", "application/vnd.ms-excel", "application/csv"}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's validation errors on the form, under the field when it has one."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, messages in errors.items():
        field_name = name if name in form.fields else None
        for message in messages:
            form.add_error(field_name, message)


class CSVFileField(forms.FileField):
    """An uploaded CSV file, at most 1 MB of UTF-8 text; cleans to the decoded text."""

    default_help_text = _("UTF-8, comma-separated, at most 1 MB.")

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CSV file"))
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".csv,text/csv")

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if not upload.name.lower().endswith(".csv") or (
            upload.content_type and upload.content_type not in CSV_CONTENT_TYPES
        ):
            raise forms.ValidationError(_("Upload a CSV file (.csv)."), code="file_type")
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 1 MB."), code="file_size")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text."), code="encoding") from None


class APITokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        help_text=_("What the token is for, e.g. “CRM integration”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that does not expire."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(scope, f"{scope} — {label}") for scope, label in SCOPES.items()],
        initial=[READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the token may do; it never does more than your role allows. "
            "Choose only what the integration needs."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=365)

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be in the future."))
        return expires_on

    @property
    def expires_at(self):
        """End of the chosen day, in the site's time zone."""
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is None:
            return None
        return timezone.make_aware(datetime.combine(expires_on, time.max))


class OrganisationForm(forms.ModelForm):
    """The organisation settings page; the logo is checked and stored by the service."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB and 2000 pixels wide and high."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = [*ORGANISATION_FIELDS]
        widgets = {
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        if not self.instance.logo:
            # Nothing to remove; hidden rather than deleted, as the admin lists the fields.
            self.fields["remove_logo"].widget = forms.HiddenInput()

    def clean_logo(self):
        # Checked here for the message next to the field (the admin saves after validating);
        # the service checks it again, and re-encodes it, when it stores it.
        logo = self.cleaned_data["logo"]
        if logo:
            try:
                logo_reencoded(logo)
            except ValidationError as error:
                raise ValidationError(error.message_dict["logo"]) from None
        return logo
