"""Promoters become ambassadors, in the API: each journey's review link and its clicks."""

from rest_framework import mixins, serializers, viewsets

from core.api.viewsets import call_service
from feedback import selectors, services
from feedback.models import ReviewLink


class ReviewLinkSerializer(serializers.ModelSerializer):
    clicks = serializers.IntegerField(
        source="click_count", read_only=True, default=0, help_text="Clicks counted so far."
    )

    class Meta:
        model = ReviewLink
        fields = ["id", "journey", "url", "active", "follow_up_email", "clicks"]
        # One link per journey: the service replaces the journey's link rather than refusing.
        validators = []


class ReviewLinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Each journey's public review page, offered to its promoters (NPS 9-10) on the
    thank-you page, and by e-mail once per answer when `follow_up_email` is set; `clicks`
    counts the promoters who followed it. Posting for a journey that has a link replaces
    it."""

    queryset = selectors.review_link_list()
    serializer_class = ReviewLinkSerializer
    ordering_fields = ["id"]

    def perform_create(self, serializer):
        serializer.instance = call_service(services.review_link_set, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {
            "journey": serializer.instance.journey,
            "url": serializer.instance.url,
            "active": serializer.instance.active,
            "follow_up_email": serializer.instance.follow_up_email,
            **serializer.validated_data,
        }
        serializer.instance = call_service(services.review_link_set, **data)
