"""What a journey map holds: stages, touchpoints, observations (moments of truth and actions:
moments.py, actions.py)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .journeys import Journey
from .phases import PHASE_CHOICES, phase_set_of
from .risks import DissatisfactionRisk, risk_labels
from .validators import ChoiceListValidator


class Stage(models.Model):
    """An ordered step of a journey; positions run 1..n without gaps."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="stages", verbose_name=_("journey")
    )
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=8, help_text=_("A short code: A, B, C…"))
    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Where the customer is at this stage: at home, on the phone, on site…"),
    )
    # A phase of the journey's phase set (the funnel's five or the relationship cycle's six).
    funnel_phase = models.CharField(_("phase"), max_length=20, choices=PHASE_CHOICES, blank=True)
    customer_goal = models.TextField(
        _("customer goal"),
        blank=True,
        help_text=_("What the customer wants to get done at this stage, in their words."),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    expectations = models.TextField(
        _("expectations"),
        blank=True,
        help_text=_("What the customer expects from the company here: speed, a person, a price…"),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    emotion_score = models.SmallIntegerField(
        _("emotion score"),
        null=True,
        blank=True,
        choices=[(score, f"{score:+d}" if score else "0") for score in range(-2, 3)],
        help_text=_("How the customer feels at this stage, from -2 to +2."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Goes up by one at every change of the stage.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["journey", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "position"], name="journeys_stage_unique_position"
            ),
            models.UniqueConstraint(fields=["journey", "code"], name="journeys_stage_unique_code"),
            models.CheckConstraint(
                condition=models.Q(emotion_score__gte=-2, emotion_score__lte=2),
                name="journeys_stage_emotion_score_range",
                violation_error_message=_("The emotion score runs from -2 to +2."),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="journeys_stage_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def clean(self):
        if self.funnel_phase and self.journey_id is not None:
            phase_set = self.journey.phase_set
            if phase_set_of(self.funnel_phase) != phase_set:
                raise ValidationError(
                    {
                        "funnel_phase": _(
                            "Pick a phase of the journey's phase set (%(phase_set)s)."
                        )
                        % {"phase_set": self.journey.get_phase_set_display()}
                    }
                )


class Touchpoint(models.Model):
    """An interaction at a stage through one channel, seen by the customer or not."""

    class Channel(models.TextChoices):
        WEBSITE = "website", _("website")
        MOBILE_APP = "mobile_app", _("mobile app")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("phone")
        COUNTER = "counter", _("counter / in person")
        SMS = "sms", _("SMS")
        CHAT = "chat", _("chat")
        SOCIAL_MEDIA = "social_media", _("social media")
        POST = "post", _("post")
        INTERNAL_SYSTEM = "internal_system", _("internal system")
        INTERNAL_PROCESS = "internal_process", _("internal process")

    # Channels the customer never sees: for back-stage touchpoints only.
    INTERNAL_CHANNELS = (Channel.INTERNAL_SYSTEM, Channel.INTERNAL_PROCESS)

    class Lane(models.TextChoices):
        FRONT_STAGE = "front_stage", _("front-stage")
        BACK_STAGE = "back_stage", _("back-stage")

    class VolumePeriod(models.TextChoices):
        DAY = "day", _("per day")
        WEEK = "week", _("per week")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    # A billion contacts per period is beyond any channel: a larger number is a typo.
    VOLUME_MAX = 1_000_000_000
    VOLUME_TOO_LARGE = _("A volume runs up to one billion per period.")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="touchpoints", verbose_name=_("stage")
    )
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel)
    lane = models.CharField(_("lane"), max_length=16, choices=Lane, default=Lane.FRONT_STAGE)
    volume = models.PositiveIntegerField(
        _("volume"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(VOLUME_MAX, message=VOLUME_TOO_LARGE)],
    )
    volume_period = models.CharField(
        _("volume period"), max_length=8, choices=VolumePeriod, blank=True
    )
    tools = models.TextField(
        _("tools"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    collects_personal_data = models.BooleanField(
        _("collects personal data"),
        default=False,
        help_text=_(
            "Tick it when the customer gives personal data here (name, contact details, "
            "login, IP address, identity document…): the GDPR register lists these stages."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Goes up by one at every change of the touchpoint.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "position"]
        verbose_name = _("touchpoint")
        verbose_name_plural = _("touchpoints")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "position"], name="journeys_touchpoint_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="journeys_touchpoint_position_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.volume is not None and not self.volume_period:
            raise ValidationError(
                {"volume_period": _("Say per what period the volume is counted.")}
            )
        if self.channel in self.INTERNAL_CHANNELS and self.lane == self.Lane.FRONT_STAGE:
            raise ValidationError(
                {
                    "channel": _(
                        "The customer does not see an internal system or process: make the "
                        "touchpoint back-stage or pick a customer channel."
                    )
                }
            )


OBSERVATION_SEVERITIES = [(1, _("1 — minor")), (2, _("2 — significant")), (3, _("3 — severe"))]


class Observation(models.Model):
    """An irritant or an enchantment at a stage, seen by the customer or by an employee."""

    class Kind(models.TextChoices):
        IRRITANT = "irritant", _("irritant")
        ENCHANTMENT = "enchantment", _("enchantment")

    class Side(models.TextChoices):
        CUSTOMER = "customer", _("customer")
        EMPLOYEE = "employee", _("employee")

    class Source(models.TextChoices):
        INTERVIEW = "interview", _("interview")
        SURVEY = "survey", _("survey")
        OBSERVATION = "observation", _("observation")
        OTHER = "other", _("other")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="observations", verbose_name=_("stage")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    side = models.CharField(_("side"), max_length=8, choices=Side)
    description = models.TextField(
        _("description"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    source = models.CharField(_("source"), max_length=12, choices=Source, default=Source.OTHER)
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        choices=OBSERVATION_SEVERITIES,
        default=2,
    )
    risks = models.JSONField(
        _("dissatisfaction risks"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(DissatisfactionRisk)],
        help_text=_("Which of the 13 dissatisfaction risks this observation points to."),
    )
    explains = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="explained_by",
        verbose_name=_("explains"),
        help_text=_("For an employee observation: the customer observations it explains."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "-severity", "id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=3),
                name="journeys_observation_severity_range",
                violation_error_message=_("The severity runs from 1 to 3."),
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def get_risks_display(self) -> list[str]:
        return risk_labels(self.risks)
