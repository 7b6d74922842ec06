"""A journey's buying group, as the map's "whose stage is it" row and the API read it."""

from django.db.models import Prefetch

from ..models import BuyingGroupMember, Stage


def buying_group(*, journey_id: int) -> list[BuyingGroupMember]:
    """The journey's buying group members with their persona and their stages in map order:
    two queries whatever the size."""
    return list(
        BuyingGroupMember.objects.filter(journey_id=journey_id)
        .select_related("persona")
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("position")))
        .order_by("id")
    )


def buying_group_by_stage(members: list[BuyingGroupMember]) -> dict[int, list[BuyingGroupMember]]:
    """Whose stage it is: the members (from buying_group) who matter at each stage, by stage
    id, in the group's order."""
    by_stage: dict[int, list[BuyingGroupMember]] = {}
    for member in members:
        for stage in member.stages.all():
            by_stage.setdefault(stage.pk, []).append(member)
    return by_stage
