import factory

from gdpr.models import DataItem, ProcessingActivity, Processor, ReviewStatus
from tests.journeys.factories import StageFactory
from tests.stakeholders.factories import ExternalStakeholderFactory


class ProcessingActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingActivity

    name = factory.Sequence(lambda n: f"Processing activity {n}")
    purposes = "Manage car rentals"
    controller_contact = "Rental SA, 1 rue de la Paix, Paris"
    dpo_contact = "dpo@rental.example"
    data_subjects = "Customers"
    legal_basis = "contract"
    retention = "3 years after the end of the contract"
    recipients = "Sales, counter staff"
    security_measures = factory.LazyFunction(lambda: ["access_control", "backup"])


class DataItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataItem

    stage = factory.SubFactory(StageFactory)
    activity = factory.SubFactory(ProcessingActivityFactory)
    name = factory.Sequence(lambda n: f"Data {n}")
    category = DataItem.Category.PERSONAL
    source = "Booking form"


class ApprovedDataItemFactory(DataItemFactory):
    review_status = ReviewStatus.APPROVED


class ProcessorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Processor

    activity = factory.SubFactory(ProcessingActivityFactory)
    stakeholder = factory.SubFactory(ExternalStakeholderFactory)
    service = "Vehicle cleaning"
    agreement_signed_on = factory.Faker("past_date")
    agreement_location = "Contracts drive / DPA"
