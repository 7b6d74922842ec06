import hashlib
import posixpath
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from .roles import Role
from .scopes import SCOPES
from .validators import no_control_characters


class User(AbstractUser):
    """A person who signs in to Parcours; their role is the group they belong to."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            # Held by the integration role (core/roles.py): such a user calls the API with a
            # token and may neither log in to nor use the browser pages.
            ("act_as_integration", _("Acts as an integration: the API only, never the pages")),
        ]

    def __str__(self):
        # Users are shown to each other by name: in lists, choices, histories and exports.
        return self.get_full_name() or self.get_username()

    @property
    def is_api_only(self) -> bool:
        """A service account (the integration role): read with the session's user
        (core.backends.user_for_session), else from the cached permissions."""
        if self.is_superuser:
            return False
        held = getattr(self, "holds_integration_role", None)
        return self.has_perm("core.act_as_integration") if held is None else held

    @property
    def role(self) -> Role | None:
        # Prefetch-friendly: iterates the groups instead of filtering them.
        names = {group.name for group in self.groups.all()}
        return next((role for role in Role if role.value in names), None)


class APITokenManager(BaseAPIKeyManager):
    def get_usable_keys(self):
        return super().get_usable_keys().select_related("user")


def known_scopes(value) -> None:
    unknown = sorted(set(value) - set(SCOPES)) if isinstance(value, list) else ["?"]
    if unknown:
        raise ValidationError(
            _("Unknown scopes: %(scopes)s."), code="scope", params={"scopes": ", ".join(unknown)}
        )


class APIToken(AbstractAPIKey):
    """A personal token an integration uses to call the API as its user, within its scopes
    (core/scopes.py) and its user's role; only its hash is kept."""

    objects = APITokenManager()

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    scopes = models.JSONField(_("scopes"), default=list, validators=[known_scopes])
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")


class WorkerPing(models.Model):
    """A round trip through the task queue: sent by the web or by beat, stamped by a worker."""

    class Source(models.TextChoices):
        WEB = "web", _("web request")
        BEAT = "beat", _("scheduler (beat)")

    source = models.CharField(_("source"), max_length=8, choices=Source)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("worker ping")
        verbose_name_plural = _("worker pings")

    def __str__(self):
        return f"{self.get_source_display()} #{self.pk}"


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# A name that becomes an e-mail header: no line break may start another header.
single_line = RegexValidator(r"\A[^\r\n]*\Z", _("Keep it on one line."), code="line_break")
# WCAG AA for text: the primary colour carries white button labels and is the links' colour.
PRIMARY_MIN_CONTRAST = 4.5
colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb, e.g. #0f4c81."), code="colour"
)


class Organisation(models.Model):
    """The company that uses Parcours, as its customers see it: on the survey e-mails, the
    survey pages and the exports. One row (id 1), edited on the organisation settings page."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(
        _("name"), max_length=200, validators=[no_control_characters, single_line], default=""
    )
    logo = models.FileField(_("logo"), upload_to="organisation/", max_length=200, blank=True)
    sender_name = models.CharField(
        _("e-mail sender name"),
        max_length=100,
        blank=True,
        validators=[no_control_characters, single_line],
        help_text=_("Shown as the sender of the survey e-mails; empty: the organisation's name."),
    )
    sender_email = models.EmailField(
        _("e-mail sender address"),
        blank=True,
        help_text=_(
            "The address the survey e-mails come from; your mail server must be allowed to "
            "send for its domain. Empty: the installation's default address."
        ),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0f4c81",
        validators=[colour_validator],
        help_text=_("Buttons and links, with white text on it: it must be dark enough."),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#f2a900",
        validators=[colour_validator],
        help_text=_("The band at the top of the survey pages and e-mails."),
    )
    privacy_notice_url = models.URLField(
        _("privacy notice"),
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of your privacy notice, linked from every survey page."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_organisation_singleton")
        ]

    def __str__(self):
        return self.name or "Parcours"

    @property
    def logo_path(self) -> str:
        """Where this site serves the logo ("" without one); its name changes with it."""
        if not self.logo:
            return ""
        return reverse("core:organisation_logo", args=[posixpath.basename(self.logo.name)])

    def email_sender(self) -> str:
        """The From of e-mails sent in the organisation's name: its sender name (or name) and
        sender address, each falling back to the installation's DEFAULT_FROM_EMAIL."""
        default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        name = self.sender_name or self.name or default_name
        # Quoted where the name needs it; the mail library encodes what is not ASCII.
        return str(Address(display_name=name, addr_spec=self.sender_email or default_address))

    @property
    def theme_version(self) -> str:
        """Changes with the colours: the stylesheet's ETag and the ?v= of the pages' link."""
        colours = f"{self.primary_colour}{self.accent_colour}".lower()
        return hashlib.sha256(colours.encode()).hexdigest()[:12]

    def clean(self):
        super().clean()
        self.primary_colour = self.primary_colour.lower()
        self.accent_colour = self.accent_colour.lower()
        if colour_validator.regex.match(self.primary_colour):
            ratio = contrast_ratio(self.primary_colour, "#ffffff")
            if ratio < PRIMARY_MIN_CONTRAST:
                raise ValidationError(
                    {
                        "primary_colour": _(
                            "Choose a darker colour: white text on it must stay readable "
                            "(contrast at least 4.5:1; this one gives %(ratio)s:1)."
                        )
                        % {"ratio": number_format(round(ratio, 1), 1)}
                    }
                )


# The comments and notifications concerns keep their models beside their code.
from .comments.models import Comment  # noqa: E402, F401
from .notifications.models import (  # noqa: E402, F401
    Digest,
    DigestSchedule,
    Notification,
    NotificationPreference,
)
from .webhooks.models import WebhookDelivery, WebhookSubscription  # noqa: E402, F401
