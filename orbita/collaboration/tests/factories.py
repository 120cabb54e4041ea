from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from orbita.accounts.tests.factories import UserFactory
from orbita.collaboration.models import BrainstormSession, Event, EventKind, Idea, Material
from orbita.registry.tests.factories import MunicipalityFactory, SchoolFactory


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Семинар {n}")
    kind = EventKind.SEMINAR
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create:
            self.organisers.set(extracted or [SchoolFactory.create(municipality=self.municipality)])


class MaterialFactory(DjangoModelFactory[Material]):
    class Meta:
        model = Material

    title = factory.Sequence(lambda n: f"Материал {n}")
    kind = "methodical"
    school = factory.SubFactory(SchoolFactory)
    link = "https://example.org/material"


class BrainstormSessionFactory(DjangoModelFactory[BrainstormSession]):
    class Meta:
        model = BrainstormSession

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Штурм {n}")
    problem = "Как повысить мотивацию учащихся?"
    facilitator = factory.SubFactory(UserFactory)


class IdeaFactory(DjangoModelFactory[Idea]):
    class Meta:
        model = Idea

    session = factory.SubFactory(BrainstormSessionFactory)
    text = factory.Sequence(lambda n: f"Идея {n}")
