"""The interview's forms: scheduling, and the answers with their KPI and incentive rows."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.fields import UserChoiceField
from core.models import User
from core.selectors import user_options
from core.validators import TEXT_MAX_LENGTH
from journeys import selectors as journey_selectors
from journeys.fields import JourneyChoiceField
from journeys.models import Observation, Stage, Touchpoint

from ..fields import StakeholderChoiceField
from ..models import KPI, Incentive, Interview
from ..services.interviews import DEFAULT_SEVERITY

TEXT_SECTIONS = ("channels_and_volumes", "tools", "blockers", "suggestions")
# A stage's answers, in the order of its section: the employee's experience, then what they
# see, then the involvement the validation may propose.
STAGE_FIELDS = (
    "role",
    "ease",
    "blockers",
    "suggestions",
    "irritants",
    "severity",
    "enchantments",
    "channels",
    "volume",
    "volume_period",
)
EASE_CHOICES = [("", "—"), *[(n, str(n)) for n in range(1, 6)]]


class InterviewCreateForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["stakeholder", "journey", "interviewer", "scheduled_at"]
        field_classes = {
            "stakeholder": StakeholderChoiceField,
            "journey": JourneyChoiceField,
            "interviewer": UserChoiceField,
        }
        widgets = {"scheduled_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["journey"].queryset = journey_selectors.journey_options()
        if user.has_perm("stakeholders.change_stakeholder"):
            self.fields["interviewer"].queryset = user_options()
            self.fields["interviewer"].initial = user
        else:
            del self.fields["interviewer"]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class KPIRowForm(forms.Form):
    """One KPI the stakeholder is judged on; a row left empty is ignored."""

    name = forms.CharField(label=_("KPI name"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=KPI.Direction.choices, initial=KPI.Direction.HIGHER_IS_BETTER
    )
    target = forms.DecimalField(
        label=_("Target"), max_digits=12, decimal_places=2, required=False, localize=True
    )

    def clean(self):
        data = super().clean()
        if (data.get("unit") or data.get("target") is not None) and not data.get("name"):
            self.add_error("name", _("Give the KPI's name, or empty the row."))
        return data

    def row(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        target = data.get("target")
        return {
            "name": data["name"],
            "unit": data["unit"],
            "direction": data["direction"],
            "target": "" if target is None else str(target.normalize()),
        }


class IncentiveRowForm(forms.Form):
    """One incentive: its type from the labelled list, who is eligible, how it is calculated."""

    type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *Incentive.Type.choices], required=False
    )
    eligible_population = forms.CharField(
        label=_("Who is eligible"), max_length=200, required=False
    )
    calculation = forms.CharField(
        label=_("How it is calculated"), max_length=TEXT_MAX_LENGTH, required=False
    )

    def clean(self):
        data = super().clean()
        filled = data.get("type") or data.get("eligible_population") or data.get("calculation")
        if filled and not data.get("type"):
            self.add_error("type", _("Choose the type of incentive."))
        if filled and not data.get("calculation"):
            self.add_error("calculation", _("Say how the incentive is calculated."))
        return data

    def row(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("calculation"):
            return None
        return {key: data[key] for key in ("type", "eligible_population", "calculation")}


KPIRowFormSet = forms.formset_factory(KPIRowForm, extra=1, max_num=30, validate_max=True)
IncentiveRowFormSet = forms.formset_factory(
    IncentiveRowForm, extra=1, max_num=30, validate_max=True
)


def _text_field(label, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class InterviewAnswersForm(forms.Form):
    """The interview's sections: per stage a role, irritants (with their severity) and
    enchantments; then the text sections, and the KPI and incentive rows (two formsets
    validated with the form)."""

    channels_and_volumes = _text_field(
        _("Channels and volumes"),
        help_text=_("The channels handled and how many contacts per day, week or month."),
    )
    tools = _text_field(_("Tools"), rows=2)
    ease_of_satisfying = forms.TypedChoiceField(
        label=_("How easy is it to satisfy the customer?"),
        choices=EASE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("From 1 (very hard) to 5 (very easy)."),
    )
    blockers = _text_field(_("What stops them"))
    suggestions = _text_field(_("Suggestions"))

    def __init__(self, data=None, *, stages: list[Stage], initial=None, **kwargs):
        initial = initial or {}
        super().__init__(data, initial=initial, **kwargs)
        self.stages = stages
        for stage in stages:
            self.fields[f"role_{stage.pk}"] = _text_field(_("Role at this stage"), rows=2)
            self.fields[f"ease_{stage.pk}"] = forms.TypedChoiceField(
                label=_("How easy is it to satisfy the customer at this stage?"),
                choices=EASE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("From 1 (very hard) to 5 (very easy)."),
            )
            self.fields[f"blockers_{stage.pk}"] = _text_field(
                _("What blocks them at this stage (one per line)"), rows=2
            )
            self.fields[f"suggestions_{stage.pk}"] = _text_field(
                _("What they suggest (one per line)"), rows=2
            )
            self.fields[f"irritants_{stage.pk}"] = _text_field(
                _("Irritants (one per line)"), rows=2
            )
            self.fields[f"severity_{stage.pk}"] = forms.TypedChoiceField(
                label=_("How severe are these irritants?"),
                choices=Observation._meta.get_field("severity").choices,
                coerce=int,
                initial=DEFAULT_SEVERITY,
                required=False,
                empty_value=DEFAULT_SEVERITY,
            )
            self.fields[f"enchantments_{stage.pk}"] = _text_field(
                _("Enchantments (one per line)"), rows=2
            )
            self.fields[f"channels_{stage.pk}"] = forms.MultipleChoiceField(
                label=_("Channels they handle at this stage"),
                choices=Touchpoint.Channel.choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.fields[f"volume_{stage.pk}"] = forms.IntegerField(
                label=_("Volume they handle"),
                min_value=0,
                max_value=Touchpoint.VOLUME_MAX,
                required=False,
            )
            self.fields[f"volume_period_{stage.pk}"] = forms.ChoiceField(
                label=_("Per"),
                choices=[("", "—"), *Touchpoint.VolumePeriod.choices],
                required=False,
            )
        self.kpi_rows = KPIRowFormSet(data, prefix="kpis", initial=initial.get("kpis"))
        self.incentive_rows = IncentiveRowFormSet(
            data, prefix="incentives", initial=initial.get("incentives")
        )

    def is_valid(self):
        valid = super().is_valid()
        return self.kpi_rows.is_valid() & self.incentive_rows.is_valid() & valid

    def has_errors(self) -> bool:
        return bool(self.errors) or self.has_row_errors()

    def has_row_errors(self) -> bool:
        return bool(self.kpi_rows.total_error_count() or self.incentive_rows.total_error_count())

    def stage_sections(self):
        """Per stage: its fields, how many answers it holds, whether it is complete (a role
        given) — the marks shown on the sections."""
        sections = []
        for stage in self.stages:
            fields = [self[f"{name}_{stage.pk}"] for name in STAGE_FIELDS]
            role = (self._value(f"role_{stage.pk}") or "").strip()
            count = (
                bool(role)
                + (self._value(f"ease_{stage.pk}") not in (None, ""))
                + sum(
                    len(_lines(self._value(f"{name}_{stage.pk}") or ""))
                    for name in ("blockers", "suggestions", "irritants", "enchantments")
                )
            )
            sections.append(Section(stage=stage, fields=fields, answers=count, done=bool(role)))
        return sections

    def general_fields(self):
        return [self["channels_and_volumes"], self["tools"]]

    def closing_fields(self):
        return [self["ease_of_satisfying"], self["blockers"], self["suggestions"]]

    def other_section(self):
        count = sum(bool((self._value(name) or "").strip()) for name in TEXT_SECTIONS)
        count += self._value("ease_of_satisfying") not in (None, "")
        kpis = [form for form in self.kpi_rows if self._row_value(form, "name")]
        incentives = [form for form in self.incentive_rows if self._row_value(form, "calculation")]
        count += len(kpis) + len(incentives)
        done = count == len(TEXT_SECTIONS) + 1 + len(kpis) + len(incentives) and bool(kpis)
        return Section(stage=None, fields=[], answers=count, done=done)

    def _value(self, name):
        bound = self[name]
        return bound.value() if self.is_bound else self.initial.get(name, bound.initial)

    @staticmethod
    def _row_value(form, name) -> str:
        value = form[name].value() if form.is_bound else form.initial.get(name)
        return str(value or "").strip()

    @staticmethod
    def initial_from(interview: Interview) -> dict:
        answers = interview.answers or {}
        initial = {section: answers.get(section, "") for section in TEXT_SECTIONS}
        initial["kpis"] = [
            {**row, "target": row.get("target") or None} for row in answers.get("kpis", [])
        ]
        initial["incentives"] = list(answers.get("incentives", []))
        initial["ease_of_satisfying"] = interview.ease_of_satisfying
        for stage_id, stage in (answers.get("stages") or {}).items():
            initial[f"role_{stage_id}"] = stage.get("role", "")
            initial[f"irritants_{stage_id}"] = "\n".join(stage.get("irritants", []))
            initial[f"severity_{stage_id}"] = stage.get("severity", DEFAULT_SEVERITY)
            initial[f"enchantments_{stage_id}"] = "\n".join(stage.get("enchantments", []))
            initial[f"ease_{stage_id}"] = stage.get("ease")
            initial[f"blockers_{stage_id}"] = "\n".join(stage.get("blockers", []))
            initial[f"suggestions_{stage_id}"] = "\n".join(stage.get("suggestions", []))
            initial[f"channels_{stage_id}"] = stage.get("channels", [])
            initial[f"volume_{stage_id}"] = stage.get("volume")
            initial[f"volume_period_{stage_id}"] = stage.get("volume_period", "")
        return initial

    def answers(self) -> dict:
        data = self.cleaned_data
        rows = {
            "kpis": [row for form in self.kpi_rows if (row := form.row())],
            "incentives": [row for form in self.incentive_rows if (row := form.row())],
        }
        return {
            "stages": {
                str(stage.pk): {
                    "role": data[f"role_{stage.pk}"],
                    "irritants": _lines(data[f"irritants_{stage.pk}"]),
                    "enchantments": _lines(data[f"enchantments_{stage.pk}"]),
                    "severity": data[f"severity_{stage.pk}"],
                    "ease": data[f"ease_{stage.pk}"],
                    "blockers": _lines(data[f"blockers_{stage.pk}"]),
                    "suggestions": _lines(data[f"suggestions_{stage.pk}"]),
                    "channels": data[f"channels_{stage.pk}"],
                    "volume": data[f"volume_{stage.pk}"],
                    "volume_period": data[f"volume_period_{stage.pk}"],
                }
                for stage in self.stages
            },
            **{section: data[section] for section in TEXT_SECTIONS},
            **rows,
        }


class Section:
    """A section of the interview form as shown: its answers counted, open if it is the
    first unfinished one."""

    def __init__(self, *, stage, fields, answers: int, done: bool):
        self.stage = stage
        self.fields = fields
        self.answers = answers
        self.done = done
        self.open = False

    @property
    def answers_label(self) -> str:
        return ngettext("%(count)d answer", "%(count)d answers", self.answers) % {
            "count": self.answers
        }


class InterviewSendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the interviewer change?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
