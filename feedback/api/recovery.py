"""The recovery answers in the API: how customers rated the handling of their complaints.
The score for every role that reads cases, the comment only for those who may read what
respondents typed (DOMAIN.md)."""

import django_filters
from rest_framework import serializers, viewsets

from core import scopes
from core.api.filters import FilterSet, IdFilter
from feedback import selectors
from feedback.models import RecoverySurvey

from .serializers import TypedAboutRespondentsMixin


class RecoveryAnswerFilterSet(FilterSet):
    case = IdFilter(field_name="case")
    stage = IdFilter(field_name="case__stage")
    journey = IdFilter(field_name="case__stage__journey")
    double_failure = django_filters.BooleanFilter(
        field_name="case__double_failure_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = RecoverySurvey
        fields = ["case", "stage", "journey", "double_failure"]


class RecoveryAnswerSerializer(TypedAboutRespondentsMixin, serializers.ModelSerializer):
    personal_fields = ("comment",)
    stage = serializers.IntegerField(source="case.stage_id", read_only=True)
    double_failure = serializers.SerializerMethodField(
        help_text="Whether the answer reopened the case as a double failure."
    )

    class Meta:
        model = RecoverySurvey
        fields = [
            "id",
            "case",
            "stage",
            "score",
            "comment",
            "language",
            "sent_at",
            "answered_at",
            "double_failure",
        ]
        read_only_fields = fields

    def get_double_failure(self, survey) -> bool:
        return survey.score is not None and survey.score <= selectors.DOUBLE_FAILURE_MAX_SCORE


class RecoveryAnswerViewSet(viewsets.ReadOnlyModelViewSet):
    """The customers' answers to the recovery survey a resolved case sends (1-5: how well the
    complaint was handled); `comment` is blank for roles that may not read respondents'
    words. An answer at 2 or below reopened its case as a double failure."""

    read_scope = scopes.RESPONSES_READ

    queryset = selectors.recovery_answer_list()
    serializer_class = RecoveryAnswerSerializer
    filterset_class = RecoveryAnswerFilterSet
    ordering_fields = ["answered_at", "score", "id"]
