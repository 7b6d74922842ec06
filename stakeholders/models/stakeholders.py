from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_MAX_LENGTH, no_control_characters
from journeys.models import ChoiceListValidator, MeasurementPeriod, Touchpoint


class Office(models.TextChoices):
    FRONT = "front", _("front office")
    BACK = "back", _("back office")


class Stakeholder(models.Model):
    """An employee (internal) or a subcontractor or partner (external) who serves the journey."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal")
        EXTERNAL = "external", _("external")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    organisation = models.CharField(
        _("department or company"),
        max_length=200,
        blank=True,
        help_text=_("The department of an employee, the company of a subcontractor."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    office = models.CharField(_("office"), max_length=8, choices=Office, default=Office.FRONT)
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    # The Parcours user who answers for the relationship: told of each SLA breach.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_stakeholders",
        verbose_name=_("owner"),
        help_text=_("The user told of each SLA breach of this stakeholder."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"], name="stakeholders_stakeholder_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class Involvement(models.Model):
    """Where a stakeholder takes part in a journey: a stage, or one touchpoint of it."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("stakeholder"),
    )
    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("touchpoint"),
    )
    office = models.CharField(_("office"), max_length=8, choices=Office, default=Office.FRONT)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("What the stakeholder does at this stage."),
    )
    channels = models.JSONField(
        _("channels handled"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Touchpoint.Channel)],
    )
    volume = models.PositiveIntegerField(_("volume"), null=True, blank=True)
    volume_period = models.CharField(
        _("volume period"), max_length=8, choices=Touchpoint.VolumePeriod, blank=True
    )
    tools = models.TextField(
        _("tools"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )

    class Meta:
        ordering = ["stage__journey", "stage__position", "id"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "stage"],
                condition=models.Q(touchpoint__isnull=True),
                name="stakeholders_involvement_unique_stage",
                violation_error_message=_("This stakeholder is already involved in this stage."),
            ),
            models.UniqueConstraint(
                fields=["stakeholder", "touchpoint"],
                condition=models.Q(touchpoint__isnull=False),
                name="stakeholders_involvement_unique_touchpoint",
                violation_error_message=_(
                    "This stakeholder is already involved in this touchpoint."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} — {self.stage}"

    def clean(self):
        errors = {}
        if self.touchpoint_id is not None and self.touchpoint.stage_id != self.stage_id:
            errors["touchpoint"] = _("The touchpoint must belong to the involvement's stage.")
        if self.volume is not None and not self.volume_period:
            errors["volume_period"] = _("Say per what period the volume is counted.")
        if errors:
            raise ValidationError(errors)

    def get_channels_display(self) -> list[str]:
        labels = dict(Touchpoint.Channel.choices)
        return [str(labels.get(channel, channel)) for channel in self.channels]


class TouchpointResponsibility(models.Model):
    """The stakeholder answerable for a touchpoint: a complaint about it goes to them first.
    Kept here, not on the touchpoint, so that journeys depends on no app above it."""

    touchpoint = models.OneToOneField(
        "journeys.Touchpoint",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="responsibility",
        verbose_name=_("touchpoint"),
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("responsible stakeholder"),
    )

    class Meta:
        ordering = ["touchpoint"]
        verbose_name = _("responsible stakeholder")
        verbose_name_plural = _("responsible stakeholders")

    def __str__(self):
        return f"{self.touchpoint} — {self.stakeholder}"


class KPI(models.Model):
    """An indicator a stakeholder is judged on, and how it sits with customer satisfaction."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
        LOWER_IS_BETTER = "lower_is_better", _("lower is better")

    class Alignment(models.TextChoices):
        ALIGNED = "aligned", _("aligned")
        NEUTRAL = "neutral", _("neutral")
        DISSONANT = "dissonant", _("dissonant")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("stakeholder")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction, default=Direction.HIGHER_IS_BETTER
    )
    alignment = models.CharField(
        _("alignment with customer satisfaction"),
        max_length=10,
        choices=Alignment,
        default=Alignment.NEUTRAL,
    )
    rationale = models.TextField(
        _("rationale"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    period = models.CharField(
        _("measurement period"),
        max_length=8,
        choices=MeasurementPeriod,
        default=MeasurementPeriod.MONTH,
        help_text=_("How often the KPI is measured: a week or a month."),
    )

    class Meta:
        ordering = ["stakeholder", "name"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "name"], name="stakeholders_kpi_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER_IS_BETTER


class Incentive(models.Model):
    """A recognition, reward, bonus or commission, and the KPI that drives it."""

    class Type(models.TextChoices):
        RECOGNITION = "recognition", _("recognition")
        REWARD = "reward", _("reward")
        PERFORMANCE_BONUS = "performance_bonus", _("performance bonus")
        COMMISSION = "commission", _("commission")
        OTHER = "other", _("other")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="incentives",
        verbose_name=_("stakeholder"),
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    name = models.CharField(_("name"), max_length=200)
    eligible_population = models.CharField(_("eligible population"), max_length=200, blank=True)
    calculation = models.TextField(
        _("how it is calculated"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    kpi = models.ForeignKey(
        KPI,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incentives",
        verbose_name=_("KPI"),
    )
    rewards_customer_satisfaction = models.BooleanField(
        _("rewards customer satisfaction"), default=False
    )

    class Meta:
        ordering = ["stakeholder", "name", "id"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kpi_id is not None and self.kpi.stakeholder_id != self.stakeholder_id:
            raise ValidationError({"kpi": _("The KPI must be the same stakeholder's.")})

    @property
    def alignment(self) -> str:
        """How it sits with customer satisfaction: a dissonant KPI drags the incentive with it,
        whatever else it rewards."""
        if self.kpi is not None and self.kpi.alignment == KPI.Alignment.DISSONANT:
            return KPI.Alignment.DISSONANT
        if self.rewards_customer_satisfaction:
            return KPI.Alignment.ALIGNED
        return self.kpi.alignment if self.kpi is not None else KPI.Alignment.NEUTRAL

    def get_alignment_display(self) -> str:
        return KPI.Alignment(self.alignment).label
