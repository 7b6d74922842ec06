"""A journey's buying group: the personas who take part in it besides the one it is drawn
for, each with their buying role, their channels, and the stages where they matter (seed
001: the company pays, the traveller chooses)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import no_control_characters

from .journeys import BuyingRole, Journey, Needs, Persona
from .map import Stage, Touchpoint
from .validators import ChoiceListValidator


class BuyingGroupMember(Needs):
    """One persona of a journey's buying group, with their role and what they need at the
    stages where they matter."""

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="buying_group", verbose_name=_("journey")
    )
    persona = models.ForeignKey(
        Persona,
        on_delete=models.CASCADE,
        related_name="buying_group_memberships",
        verbose_name=_("persona"),
    )
    role = models.CharField(_("buying role"), max_length=24, choices=BuyingRole)
    preferred_channels = models.JSONField(
        _("preferred channels"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Touchpoint.Channel)],
    )
    stages = models.ManyToManyField(
        Stage,
        blank=True,
        related_name="buying_group_members",
        verbose_name=_("stages where they matter"),
    )
    needs = models.CharField(
        _("what they need there"),
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text=_("In a few words, e.g. “an invoice in the company's name”."),
    )

    class Meta:
        ordering = ["journey", "id"]
        verbose_name = _("buying group member")
        verbose_name_plural = _("buying group members")
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "persona"],
                name="journeys_buyinggroupmember_unique_persona",
                violation_error_message=_("This persona is already in the journey's buying group."),
            ),
        ]

    def __str__(self):
        return f"{self.persona} ({self.get_role_display()})"

    def clean(self):
        internal = [c for c in self.preferred_channels if c in Touchpoint.INTERNAL_CHANNELS]
        if internal:
            raise ValidationError(
                {"preferred_channels": _("A persona's channels are customer channels.")}
            )

    def get_preferred_channels_display(self) -> list[str]:
        labels = dict(Touchpoint.Channel.choices)
        return [str(labels.get(channel, channel)) for channel in self.preferred_channels]
