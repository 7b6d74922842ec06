import factory

from journeys.models import (
    Action,
    BuyingGroupMember,
    Journey,
    MomentOfTruth,
    Observation,
    Persona,
    Stage,
    Touchpoint,
)
from tests.factories import UserFactory


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    name = factory.Sequence(lambda n: f"Persona {n}")
    description = factory.Faker("sentence")
    buying_role = "user"
    specific_needs = factory.LazyFunction(lambda: ["comfort"])
    civile_needs = factory.LazyFunction(lambda: ["consideration"])


class JourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journey

    name = factory.Sequence(lambda n: f"Journey {n}")
    persona = factory.SubFactory(PersonaFactory)
    state = Journey.State.AS_IS
    owner = factory.SubFactory(UserFactory)
    description = factory.Faker("sentence")


class StageFactory(factory.django.DjangoModelFactory):
    """A stage appended to its journey: position n+1 and code A, B, C… by position."""

    class Meta:
        model = Stage

    journey = factory.SubFactory(JourneyFactory)
    position = factory.LazyAttribute(lambda stage: stage.journey.stages.count() + 1)
    code = factory.LazyAttribute(lambda stage: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[stage.position - 1])
    name = factory.Faker("sentence", nb_words=3)
    place = "at home"
    funnel_phase = "awareness"
    customer_goal = factory.Faker("sentence")
    expectations = factory.Faker("sentence")
    emotion_score = 0


class TouchpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touchpoint

    stage = factory.SubFactory(StageFactory)
    position = factory.LazyAttribute(lambda touchpoint: touchpoint.stage.touchpoints.count() + 1)
    name = factory.Faker("sentence", nb_words=3)
    channel = Touchpoint.Channel.WEBSITE
    lane = Touchpoint.Lane.FRONT_STAGE
    volume = 100
    volume_period = Touchpoint.VolumePeriod.WEEK
    tools = "CRM"


class MomentOfTruthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MomentOfTruth

    stage = factory.SubFactory(StageFactory)
    touchpoint = None
    description = factory.Faker("sentence")
    criticality = MomentOfTruth.Criticality.HIGH
    standard = "Car handed over in under 10 minutes"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    stage = factory.SubFactory(StageFactory)
    kind = Observation.Kind.IRRITANT
    side = Observation.Side.CUSTOMER
    description = factory.Faker("sentence")
    source = Observation.Source.SURVEY
    severity = 2


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    journey = factory.SubFactory(JourneyFactory)
    stage = None
    title = factory.Faker("sentence", nb_words=4)
    priority = 1
    status = Action.Status.TODO


def journey_with_map(*, stages: int, touchpoints_per_stage: int, **journey_fields) -> Journey:
    """A journey whose every stage has touchpoints (front and back), a moment of truth on its
    first touchpoint, a customer and an employee observation, and an action."""
    journey = JourneyFactory(**journey_fields)
    for _ in range(stages):
        stage = StageFactory(journey=journey)
        for index in range(touchpoints_per_stage):
            TouchpointFactory(
                stage=stage,
                channel=[Touchpoint.Channel.WEBSITE, Touchpoint.Channel.EMAIL][index % 2],
                lane=[Touchpoint.Lane.FRONT_STAGE, Touchpoint.Lane.BACK_STAGE][index % 2],
            )
        MomentOfTruthFactory(stage=stage, touchpoint=stage.touchpoints.first())
        ObservationFactory(stage=stage, side=Observation.Side.CUSTOMER)
        ObservationFactory(
            stage=stage, side=Observation.Side.EMPLOYEE, kind=Observation.Kind.ENCHANTMENT
        )
        ActionFactory(journey=journey, stage=stage)
    return journey


class BuyingGroupMemberFactory(factory.django.DjangoModelFactory):
    """A persona of a journey's buying group; `stages=[...]` puts them at those stages."""

    class Meta:
        model = BuyingGroupMember
        skip_postgeneration_save = True

    journey = factory.SubFactory(JourneyFactory)
    persona = factory.SubFactory(PersonaFactory)
    role = "payer"
    preferred_channels = factory.LazyFunction(lambda: ["email"])
    needs = "An invoice in the company's name."

    @factory.post_generation
    def stages(self, create, stages, **kwargs):
        if create and stages:
            self.stages.set(stages)
