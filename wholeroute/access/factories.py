"""Test factories for organisations and staff users (importable from every app's tests)."""

import factory

from wholeroute.access.models import Membership, Organisation, Role, User

TEST_PASSWORD = "correct horse battery staple 42"  # noqa: S105 (test accounts only)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.MINISTRY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(organisation, role=Role.EDITOR, email=None, **user_fields) -> User:
    """A user with an active membership of `organisation` in `role`."""
    user = UserFactory(email=email, **user_fields) if email else UserFactory(**user_fields)
    Membership.objects.get_or_create(user=user, organisation=organisation, ended_at=None, defaults={"role": role})
    return user
