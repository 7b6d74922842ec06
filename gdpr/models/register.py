"""The register's entries and their review: processing activities (Article 30), the data
collected at each stage, and the processors of an activity.

Every register model keeps its history (django-simple-history): who changed what, when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters
from journeys.models import ChoiceListValidator
from stakeholders.models import Stakeholder


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


class LegalBasis(models.TextChoices):
    """Article 6(1)."""

    CONSENT = "consent", _("consent")
    CONTRACT = "contract", _("contract")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    VITAL_INTERESTS = "vital_interests", _("vital interests")
    PUBLIC_TASK = "public_task", _("public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("legitimate interests")


class TransferSafeguard(models.TextChoices):
    """Chapter V: how a transfer outside the EU is allowed."""

    ADEQUACY = "adequacy", _("adequacy decision")
    STANDARD_CLAUSES = "standard_clauses", _("standard contractual clauses")
    BINDING_CORPORATE_RULES = "binding_corporate_rules", _("binding corporate rules")
    CODE_OF_CONDUCT = "code_of_conduct", _("code of conduct")
    CERTIFICATION = "certification", _("certification")
    DEROGATION = "derogation", _("Article 49 derogation")


class SecurityMeasure(models.TextChoices):
    """The CNIL register form's security checkboxes."""

    ACCESS_CONTROL = "access_control", _("access control")
    TRACEABILITY = "traceability", _("traceability")
    SOFTWARE_PROTECTION = "software_protection", _("software protection")
    BACKUP = "backup", _("backup")
    ENCRYPTION = "encryption", _("encryption")
    PROCESSOR_CONTROL = "processor_control", _("processor control")


class Article9Condition(models.TextChoices):
    """Article 9(2): what allows processing special-category data."""

    EXPLICIT_CONSENT = "explicit_consent", _("explicit consent")
    EMPLOYMENT_LAW = "employment_law", _("employment and social security law")
    VITAL_INTERESTS = "vital_interests", _("vital interests")
    NOT_FOR_PROFIT = "not_for_profit", _("not-for-profit body")
    MADE_PUBLIC = "made_public", _("made public by the person")
    LEGAL_CLAIMS = "legal_claims", _("legal claims")
    PUBLIC_INTEREST = "public_interest", _("substantial public interest")
    HEALTH_CARE = "health_care", _("health or social care")
    PUBLIC_HEALTH = "public_health", _("public health")
    ARCHIVING_RESEARCH = "archiving_research", _("archiving, research or statistics")


class Reviewed(models.Model):
    """The DPO's review of a register entry: status, comment, reviewer, date, next review."""

    review_status = models.CharField(
        _("review status"),
        max_length=20,
        choices=ReviewStatus,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_due_on = models.DateField(_("next review due on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ProcessingActivity(Reviewed):
    """One processing of personal data, the unit of the Article 30 record."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[no_control_characters]
    )
    purposes = models.TextField(
        _("purposes"), max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    controller_contact = models.TextField(
        _("controller"),
        help_text=_("Name and contact of the controller (and joint controller)."),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    dpo_contact = models.CharField(
        _("DPO contact"), max_length=300, blank=True, validators=[no_control_characters]
    )
    data_subjects = models.TextField(
        _("categories of data subjects"),
        help_text=_("E.g. customers, prospects, employees."),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis, blank=True, db_index=True
    )
    legal_basis_justification = models.TextField(
        _("justification of the legal basis"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    balancing_test = models.TextField(
        _("balancing test"),
        blank=True,
        help_text=_("Required for legitimate interests: why they are not overridden."),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    retention = models.CharField(
        _("retention"),
        max_length=300,
        blank=True,
        help_text=_("A period or a rule, e.g. “3 years after the end of the contract”."),
        validators=[no_control_characters],
    )
    recipients = models.TextField(
        _("recipients"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    transfers_outside_eu = models.BooleanField(_("transfers outside the EU"), default=False)
    transfer_countries = models.CharField(
        _("destination countries"), max_length=300, blank=True, validators=[no_control_characters]
    )
    transfer_safeguard = models.CharField(
        _("transfer safeguard"), max_length=24, choices=TransferSafeguard, blank=True
    )
    security_measures = models.JSONField(
        _("security measures"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(SecurityMeasure)],
    )
    security_notes = models.TextField(
        _("security measures in detail"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    journeys = models.ManyToManyField(
        "journeys.Journey",
        blank=True,
        related_name="processing_activities",
        verbose_name=_("journeys"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        permissions = [("review_processingactivity", _("Can review processing activities"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(transfers_outside_eu=True) | models.Q(transfer_safeguard=""),
                name="gdpr_activity_safeguard_needs_transfer",
                violation_error_message=_("A safeguard is given only for a transfer."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.legal_basis == LegalBasis.LEGITIMATE_INTERESTS and not self.balancing_test:
            errors["balancing_test"] = _("Legitimate interests need a documented balancing test.")
        if self.transfers_outside_eu and not self.transfer_safeguard:
            errors["transfer_safeguard"] = _("Say what allows the transfer outside the EU.")
        if self.transfers_outside_eu and not self.transfer_countries:
            errors["transfer_countries"] = _("Name the countries the data goes to.")
        if errors:
            raise ValidationError(errors)

    def get_security_measures_display(self) -> list[str]:
        labels = dict(SecurityMeasure.choices)
        return [str(labels.get(measure, measure)) for measure in self.security_measures]


# What the register's forms, serializers and services edit on an activity (its journeys, a
# many-to-many relation, are set apart).
ACTIVITY_FIELDS = (
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
)


class DataItem(Reviewed):
    """A piece of data collected at a stage of a journey, e.g. “IP address”."""

    class Category(models.TextChoices):
        PERSONAL = "personal", _("personal")
        TRANSACTIONAL = "transactional", _("transactional")
        BEHAVIOURAL = "behavioural", _("behavioural")

    stage = models.ForeignKey(
        "journeys.Stage",
        on_delete=models.CASCADE,
        related_name="data_items",
        verbose_name=_("stage"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_items",
        verbose_name=_("touchpoint"),
    )
    activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_items",
        verbose_name=_("processing activity"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    category = models.CharField(_("category"), max_length=16, choices=Category, db_index=True)
    special_category = models.BooleanField(
        _("special category (Article 9)"),
        default=False,
        help_text=_("Health, biometrics, origin, opinions, beliefs, union, sex life…"),
    )
    article9_condition = models.CharField(
        _("Article 9 condition"), max_length=20, choices=Article9Condition, blank=True
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("E.g. booking form, cookies."),
        validators=[no_control_characters],
    )
    consent_needed = models.BooleanField(_("consent needed"), default=False)
    consent_collection = models.TextField(
        _("how consent is collected"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
    )
    retention = models.CharField(
        _("retention, if it differs from the activity's"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["stage__journey", "stage__position", "category", "id"]
        verbose_name = _("data item")
        verbose_name_plural = _("data items")
        permissions = [("review_dataitem", _("Can review data items"))]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "category", "name"],
                name="gdpr_dataitem_unique_name",
                violation_error_message=_("This stage already lists this data in this category."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.touchpoint_id is not None and self.touchpoint.stage_id != self.stage_id:
            raise ValidationError(
                {"touchpoint": _("The touchpoint must belong to the data item's stage.")}
            )


# What can change on a data item once recorded (its stage is set at creation).
DATA_ITEM_FIELDS = (
    "touchpoint",
    "activity",
    "name",
    "category",
    "special_category",
    "article9_condition",
    "source",
    "consent_needed",
    "consent_collection",
    "retention",
)


class Processor(models.Model):
    """An external stakeholder processing personal data on the company's behalf (Art. 28)."""

    activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.CASCADE,
        related_name="processors",
        verbose_name=_("processing activity"),
    )
    # Deleting the stakeholder removes the link; the register's history keeps it.
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        on_delete=models.CASCADE,
        related_name="processing_for",
        verbose_name=_("stakeholder"),
    )
    service = models.CharField(
        _("processing done"), max_length=300, validators=[no_control_characters]
    )
    agreement_signed_on = models.DateField(
        _("data processing agreement signed on"), null=True, blank=True
    )
    agreement_location = models.CharField(
        _("where the agreement is kept"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "stakeholder__name", "id"]
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "stakeholder"],
                name="gdpr_processor_unique_stakeholder",
                violation_error_message=_("This stakeholder is already a processor here."),
            ),
        ]

    def __str__(self):
        return f"{self.stakeholder} — {self.activity}"

    def clean(self):
        if self.stakeholder_id is not None and self.stakeholder.kind != Stakeholder.Kind.EXTERNAL:
            raise ValidationError({"stakeholder": _("A processor is an external stakeholder.")})


# What can change on a processor (its activity and stakeholder are set at creation).
PROCESSOR_FIELDS = ("service", "agreement_signed_on", "agreement_location")
