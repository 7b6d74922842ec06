"""What the DPO tracks beside the entries: DPIA screenings, the seven requirements, and the
log of access to respondents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_MAX_LENGTH, no_control_characters

from .register import ProcessingActivity

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
    evaluation_scoring_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    automated_decisions = models.BooleanField(DPIA_CRITERIA[1][1], default=False)
    automated_decisions_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    systematic_monitoring = models.BooleanField(DPIA_CRITERIA[2][1], default=False)
    systematic_monitoring_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    sensitive_data = models.BooleanField(DPIA_CRITERIA[3][1], default=False)
    sensitive_data_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    large_scale = models.BooleanField(DPIA_CRITERIA[4][1], default=False)
    large_scale_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    matching_datasets = models.BooleanField(DPIA_CRITERIA[5][1], default=False)
    matching_datasets_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    vulnerable_subjects = models.BooleanField(DPIA_CRITERIA[6][1], default=False)
    vulnerable_subjects_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    innovative_technology = models.BooleanField(DPIA_CRITERIA[7][1], default=False)
    innovative_technology_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    prevents_rights = models.BooleanField(DPIA_CRITERIA[8][1], default=False)
    prevents_rights_notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
    criteria_met = models.PositiveSmallIntegerField(_("criteria met"), default=0, editable=False)
    dpia_required = models.BooleanField(_("DPIA required"), default=False, editable=False)
    conclusion = models.TextField(
        _("conclusion"),
        blank=True,
        help_text=_("Why a DPIA is or is not carried out, in particular against the criteria."),
        max_length=TEXT_MAX_LENGTH,
        validators=[no_control_characters],
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
    evidence = models.TextField(
        _("evidence"), blank=True, max_length=TEXT_MAX_LENGTH, validators=[no_control_characters]
    )
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

    class Place(models.TextChoices):
        """Where the respondent's data was read, changed or taken from."""

        SEARCH = "search", _("search results")
        ERASE_PAGE = "erase_page", _("erasure page")
        EXPORT = "export", _("JSON export")
        API = "api", _("API")
        RETENTION = "retention", _("retention purge")

    # An id, not a foreign key: the log outlives the respondent's personal data.
    respondent_id = models.PositiveBigIntegerField(_("respondent"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action)
    # Blank on the rows logged before the place was kept.
    place = models.CharField(_("where"), max_length=12, choices=Place, blank=True)
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
