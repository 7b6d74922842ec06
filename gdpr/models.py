"""The data register: processing activities (Article 30), the data collected at each stage,
processors, DPIA screenings, the seven requirements, and the log of access to respondents.

Every register model keeps its history (django-simple-history): who changed what, when.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
    review_comment = models.TextField(_("review comment"), blank=True)
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

    name = models.CharField(_("name"), max_length=200, unique=True)
    purposes = models.TextField(_("purposes"))
    controller_contact = models.TextField(
        _("controller"), help_text=_("Name and contact of the controller (and joint controller).")
    )
    dpo_contact = models.CharField(_("DPO contact"), max_length=300, blank=True)
    data_subjects = models.TextField(
        _("categories of data subjects"), help_text=_("E.g. customers, prospects, employees.")
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis, blank=True, db_index=True
    )
    legal_basis_justification = models.TextField(_("justification of the legal basis"), blank=True)
    balancing_test = models.TextField(
        _("balancing test"),
        blank=True,
        help_text=_("Required for legitimate interests: why they are not overridden."),
    )
    retention = models.CharField(
        _("retention"),
        max_length=300,
        blank=True,
        help_text=_("A period or a rule, e.g. “3 years after the end of the contract”."),
    )
    recipients = models.TextField(_("recipients"), blank=True)
    transfers_outside_eu = models.BooleanField(_("transfers outside the EU"), default=False)
    transfer_countries = models.CharField(_("destination countries"), max_length=300, blank=True)
    transfer_safeguard = models.CharField(
        _("transfer safeguard"), max_length=24, choices=TransferSafeguard, blank=True
    )
    security_measures = models.JSONField(
        _("security measures"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(SecurityMeasure)],
    )
    security_notes = models.TextField(_("security measures in detail"), blank=True)
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
    name = models.CharField(_("name"), max_length=200)
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
        _("source"), max_length=200, blank=True, help_text=_("E.g. booking form, cookies.")
    )
    consent_needed = models.BooleanField(_("consent needed"), default=False)
    consent_collection = models.TextField(_("how consent is collected"), blank=True)
    retention = models.CharField(
        _("retention, if it differs from the activity's"), max_length=300, blank=True
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
    service = models.CharField(_("processing done"), max_length=300)
    agreement_signed_on = models.DateField(
        _("data processing agreement signed on"), null=True, blank=True
    )
    agreement_location = models.CharField(
        _("where the agreement is kept"), max_length=300, blank=True
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


# The nine WP248 criteria, endorsed by the EDPB: field name, label.
DPIA_CRITERIA = [
    ("evaluation_scoring", _("Evaluation or scoring")),
    ("automated_decisions", _("Automated decisions with legal or similar effect")),
    ("systematic_monitoring", _("Systematic monitoring")),
    ("sensitive_data", _("Sensitive or highly personal data")),
    ("large_scale", _("Large scale")),
    ("matching_datasets", _("Matching or combining data sets")),
    ("vulnerable_subjects", _("Vulnerable data subjects")),
    ("innovative_technology", _("Innovative technology")),
    ("prevents_rights", _("Prevents exercising a right or using a service or contract")),
]
DPIA_THRESHOLD = 2


class DPIAScreening(models.Model):
    """The screening of an activity against the nine criteria, and the DPIA it leads to."""

    class DPIAStatus(models.TextChoices):
        NOT_REQUIRED = "not_required", _("not required")
        TO_DO = "to_do", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    activity = models.OneToOneField(
        ProcessingActivity,
        on_delete=models.CASCADE,
        related_name="dpia_screening",
        verbose_name=_("processing activity"),
    )
    evaluation_scoring = models.BooleanField(DPIA_CRITERIA[0][1], default=False)
    evaluation_scoring_notes = models.TextField(_("notes"), blank=True)
    automated_decisions = models.BooleanField(DPIA_CRITERIA[1][1], default=False)
    automated_decisions_notes = models.TextField(_("notes"), blank=True)
    systematic_monitoring = models.BooleanField(DPIA_CRITERIA[2][1], default=False)
    systematic_monitoring_notes = models.TextField(_("notes"), blank=True)
    sensitive_data = models.BooleanField(DPIA_CRITERIA[3][1], default=False)
    sensitive_data_notes = models.TextField(_("notes"), blank=True)
    large_scale = models.BooleanField(DPIA_CRITERIA[4][1], default=False)
    large_scale_notes = models.TextField(_("notes"), blank=True)
    matching_datasets = models.BooleanField(DPIA_CRITERIA[5][1], default=False)
    matching_datasets_notes = models.TextField(_("notes"), blank=True)
    vulnerable_subjects = models.BooleanField(DPIA_CRITERIA[6][1], default=False)
    vulnerable_subjects_notes = models.TextField(_("notes"), blank=True)
    innovative_technology = models.BooleanField(DPIA_CRITERIA[7][1], default=False)
    innovative_technology_notes = models.TextField(_("notes"), blank=True)
    prevents_rights = models.BooleanField(DPIA_CRITERIA[8][1], default=False)
    prevents_rights_notes = models.TextField(_("notes"), blank=True)
    criteria_met = models.PositiveSmallIntegerField(_("criteria met"), default=0, editable=False)
    dpia_required = models.BooleanField(_("DPIA required"), default=False, editable=False)
    conclusion = models.TextField(
        _("conclusion"),
        blank=True,
        help_text=_("Why a DPIA is or is not carried out, in particular against the criteria."),
    )
    dpia_status = models.CharField(
        _("DPIA status"), max_length=16, choices=DPIAStatus, default=DPIAStatus.NOT_REQUIRED
    )
    dpia_document_url = models.URLField(
        _("DPIA document"), blank=True, help_text=_("A link to the DPIA in the document system.")
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("DPIA screening")
        verbose_name_plural = _("DPIA screenings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(criteria_met__lte=len(DPIA_CRITERIA)),
                name="gdpr_screening_criteria_range",
            ),
        ]

    def __str__(self):
        return str(self.activity)

    def criteria(self) -> list[dict]:
        return [
            {
                "name": name,
                "label": label,
                "met": getattr(self, name),
                "notes": getattr(self, f"{name}_notes"),
            }
            for name, label in DPIA_CRITERIA
        ]


# The screening's answers; the counts and who screened are computed by the service.
SCREENING_FIELDS = (
    *(field for name, _label in DPIA_CRITERIA for field in (name, f"{name}_notes")),
    "conclusion",
    "dpia_status",
    "dpia_document_url",
)


class Requirement(models.Model):
    """One of the seven GDPR requirements the company tracks (DOMAIN.md)."""

    class Key(models.TextChoices):
        APPOINT_DPO = "appoint_dpo", _("Appoint a data protection officer")
        MAP_PROCESSING = "map_processing", _("Map the processing of personal data")
        COMPLIANCE_ACTIONS = "compliance_actions", _("Carry out the compliance actions")
        DPIA = "dpia", _("Run a DPIA where the risk is high")
        INTERNAL_PROCESSES = "internal_processes", _("Organise internal processes")
        DOCUMENT = "document", _("Document everything")
        ONLINE_CONSENT = "online_consent", _("Ask consent when collecting personal data online")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    key = models.CharField(_("requirement"), max_length=24, choices=Key, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.TO_DO)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    evidence = models.TextField(_("evidence"), blank=True)
    done_on = models.DateField(_("date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.get_key_display()


REQUIREMENT_FIELDS = ("status", "owner", "evidence", "done_on")


class RespondentAccess(models.Model):
    """A DPO's access to a respondent's personal data: who, when, what, which respondent."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        EXPORTED = "exported", _("exported")
        ERASED = "erased", _("erased")
        PURGED = "purged", _("purged by retention")

    # An id, not a foreign key: the log outlives the respondent's personal data.
    respondent_id = models.PositiveBigIntegerField(_("respondent"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("respondent access")
        verbose_name_plural = _("respondent accesses")
        permissions = [("handle_respondentaccess", _("Can find, export and erase respondents"))]

    def __str__(self):
        return f"{self.get_action_display()} #{self.respondent_id}"
