"""Who is surveyed, about what, when: respondents, templates, rules, events, invitations
and the answers."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.labels import ChoiceDisplayMixin
from core.validators import TEXT_MAX_LENGTH, no_control_characters


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class Respondent(models.Model):
    """A customer who may be surveyed: personal data, kept to the minimum."""

    # Blank once erased: unique among the others, so no reference is reserved.
    external_ref = models.CharField(
        _("external reference"),
        max_length=100,
        help_text=_("The customer's identifier in the system that sends the events."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.EN)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["external_ref"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="feedback_respondent_unique_ref",
            )
        ]

    def __str__(self):
        return self.external_ref


class SuppressedAddress(models.Model):
    """An address never to survey again, its person erased or unsubscribed: only a keyed
    hash of it is kept, so the address cannot be read back."""

    address_hash = models.CharField(_("address hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return self.address_hash


class Question(models.TextChoices):
    NPS = "nps", _("NPS")
    CSAT = "csat", _("CSAT")
    CES = "ces", _("CES")
    COMMENT = "comment", _("comment")


# The standard wordings; a template's own wording, when filled, replaces them.
STANDARD_WORDINGS = {
    Question.NPS: _("How likely are you to recommend us to a friend or colleague?"),
    Question.CSAT: _("How satisfied are you with this step of your journey?"),
    Question.CES: _("How much effort did it take you to get what you needed?"),
    Question.COMMENT: _("Would you like to tell us more?"),
}
STANDARD_THANK_YOU = _("Thank you for your answer: it helps us improve.")


class SurveyTemplate(models.Model):
    """The questions a survey asks, with their wording in French and English."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    asks_nps = models.BooleanField(_("asks NPS (0-10)"), default=True)
    asks_csat = models.BooleanField(_("asks CSAT (1-5)"), default=False)
    asks_ces = models.BooleanField(_("asks CES (1-7)"), default=False)
    asks_comment = models.BooleanField(_("asks for a comment"), default=True)
    nps_wording_en = models.CharField(_("NPS wording (English)"), max_length=300, blank=True)
    nps_wording_fr = models.CharField(_("NPS wording (French)"), max_length=300, blank=True)
    csat_wording_en = models.CharField(_("CSAT wording (English)"), max_length=300, blank=True)
    csat_wording_fr = models.CharField(_("CSAT wording (French)"), max_length=300, blank=True)
    ces_wording_en = models.CharField(_("CES wording (English)"), max_length=300, blank=True)
    ces_wording_fr = models.CharField(_("CES wording (French)"), max_length=300, blank=True)
    comment_wording_en = models.CharField(
        _("comment wording (English)"), max_length=300, blank=True
    )
    comment_wording_fr = models.CharField(_("comment wording (French)"), max_length=300, blank=True)
    thank_you_en = models.TextField(
        _("thank-you text (English)"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    thank_you_fr = models.TextField(
        _("thank-you text (French)"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asks_nps=True)
                | models.Q(asks_csat=True)
                | models.Q(asks_ces=True)
                | models.Q(asks_comment=True),
                name="feedback_surveytemplate_asks_something",
                violation_error_message=_("A survey asks at least one question."),
            )
        ]

    def __str__(self):
        return self.name

    def questions(self) -> list[str]:
        flags = {
            Question.NPS: self.asks_nps,
            Question.CSAT: self.asks_csat,
            Question.CES: self.asks_ces,
            Question.COMMENT: self.asks_comment,
        }
        return [question for question, asked in flags.items() if asked]

    def wording(self, question: str, language: str) -> str:
        """The template's own wording in `language`, or the standard one translated."""
        own = getattr(self, f"{question}_wording_{language}", "")
        if own:
            return own
        with translation.override(language):
            return str(STANDARD_WORDINGS[question])

    def thank_you(self, language: str) -> str:
        own = getattr(self, f"thank_you_{language}", "")
        if own:
            return own
        with translation.override(language):
            return str(STANDARD_THANK_YOU)


class FollowUpRule(models.Model):
    """After a service event at a stage (or one of its touchpoints), invite the customer."""

    name = models.CharField(_("name"), max_length=200)
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="follow_up_rules",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_rules",
        verbose_name=_("touchpoint"),
        help_text=_("Empty: any event at the stage."),
    )
    template = models.ForeignKey(
        SurveyTemplate,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("survey template"),
    )
    delay_minutes = models.PositiveIntegerField(
        _("delay (minutes)"), default=60, help_text=_("Time between the event and the e-mail.")
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: no reminder."),
    )
    expires_after_days = models.PositiveSmallIntegerField(_("expires after (days)"), default=14)
    fatigue_days = models.PositiveSmallIntegerField(
        _("fatigue window (days)"),
        default=30,
        help_text=_("Never survey the same customer twice within this many days."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["stage", "name"]
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_after_days__gte=1),
                name="feedback_followuprule_expires_after_a_day",
                violation_error_message=_("A survey link lasts at least one day."),
            )
        ]

    def __str__(self):
        return self.name


class ServiceEvent(models.Model):
    """A customer went through a stage or touchpoint, as reported by an integration."""

    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="events", verbose_name=_("respondent")
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="service_events",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_events",
        verbose_name=_("touchpoint"),
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    source = models.CharField(_("source system"), max_length=100)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("service event")
        verbose_name_plural = _("service events")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "idempotency_key"], name="feedback_serviceevent_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.source}:{self.idempotency_key}"


class Invitation(ChoiceDisplayMixin, models.Model):
    """One survey e-mail for one event and rule; its status moves forward only."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        REMINDED = "reminded", _("reminded")
        ANSWERED = "answered", _("answered")
        EXPIRED = "expired", _("expired")
        SUPPRESSED = "suppressed", _("suppressed")
        FAILED = "failed", _("failed")

    class SuppressionReason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        FATIGUE = "fatigue", _("surveyed recently (fatigue window)")
        NO_EMAIL = "no_email", _("no e-mail address")

    event = models.ForeignKey(
        ServiceEvent, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    rule = models.ForeignKey(
        FollowUpRule, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("rule")
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("respondent"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.SCHEDULED, db_index=True
    )
    suppression_reason = models.CharField(
        _("suppression reason"), max_length=16, choices=SuppressionReason, blank=True
    )
    error = models.TextField(
        _("error"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    send_after = models.DateTimeField(_("send after"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    reminder_due_at = models.DateTimeField(_("reminder due at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Signed into the link with the id: a link cannot be guessed, and the nonce never leaves
    # the database except inside a signature.
    nonce = models.CharField(_("nonce"), max_length=32, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-send_after", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "rule"], name="feedback_invitation_once"),
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="feedback_inv_due"),
            # The invitation list's order, so that a page is read without sorting every row.
            models.Index(fields=["-send_after", "-id"], name="feedback_inv_recent"),
            # The last sent first (the sent e-mails page, the API's `?ordering=` by sent_at).
            models.Index(fields=["-sent_at", "-id"], name="feedback_inv_sent"),
        ]

    def __str__(self):
        return f"{self.rule} → {self.respondent}"


class Response(models.Model):
    """A customer's answers to one invitation."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="response", verbose_name=_("invitation")
    )
    nps = models.PositiveSmallIntegerField(_("NPS"), null=True, blank=True)
    csat = models.PositiveSmallIntegerField(_("CSAT"), null=True, blank=True)
    ces = models.PositiveSmallIntegerField(_("CES"), null=True, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["-submitted_at", "-id"], name="feedback_resp_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nps__lte=10), name="feedback_response_nps_range"
            ),
            models.CheckConstraint(
                condition=models.Q(csat__gte=1, csat__lte=5), name="feedback_response_csat_range"
            ),
            models.CheckConstraint(
                condition=models.Q(ces__gte=1, ces__lte=7), name="feedback_response_ces_range"
            ),
        ]

    def __str__(self):
        return f"{self.invitation_id} @ {self.submitted_at:%Y-%m-%d}"
