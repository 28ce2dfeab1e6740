"""Fixtures shared by every app's tests: three organisations and the named users of the suite.

- alice: editor at a member-state ministry; erin: approver at the same ministry (the second pair of eyes);
  ivan: admin of the ministry; vera: viewer at the ministry.
- bob: editor at an EU delegation; carol: editor at an EU agency.
"""

import pytest

from wholeroute.access.factories import OrganisationFactory, member
from wholeroute.access.models import Organisation, Role


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Deliberately weak and fast: test passwords protect nothing, and PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ministry(db):
    return OrganisationFactory(slug="it-interior", name="Ministry of the Interior (Italy)", kind=Organisation.Kind.MINISTRY)


@pytest.fixture
def delegation(db):
    return OrganisationFactory(slug="eu-delegation-tunisia", name="Delegation of the European Union to Tunisia",
                               kind=Organisation.Kind.EEAS)


@pytest.fixture
def agency(db):
    return OrganisationFactory(slug="frontex", name="European Border and Coast Guard Agency", short_name="Frontex",
                               kind=Organisation.Kind.AGENCY)


@pytest.fixture
def alice(ministry):
    return member(ministry, Role.EDITOR, email="alice@interior.example", first_name="Alice")


@pytest.fixture
def erin(ministry):
    return member(ministry, Role.APPROVER, email="erin@interior.example", first_name="Erin")


@pytest.fixture
def ivan(ministry):
    return member(ministry, Role.ADMIN, email="ivan@interior.example", first_name="Ivan")


@pytest.fixture
def vera(ministry):
    return member(ministry, Role.VIEWER, email="vera@interior.example", first_name="Vera")


@pytest.fixture
def bob(delegation):
    return member(delegation, Role.EDITOR, email="bob@delegation.example", first_name="Bob")


@pytest.fixture
def carol(agency):
    return member(agency, Role.EDITOR, email="carol@frontex.example", first_name="Carol")


@pytest.fixture
def client_of(client):
    """client_of(user) → a test client signed in as that user (no second factor required)."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in
