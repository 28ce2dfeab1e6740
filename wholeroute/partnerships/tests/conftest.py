import pytest

from wholeroute.access.factories import OrganisationFactory, member
from wholeroute.access.models import Organisation, Role


@pytest.fixture
def institutions(db):
    from wholeroute.access import seed as access_seed

    access_seed.run(demo=False)


@pytest.fixture
def mandates(institutions):
    from wholeroute.actors import seed as actors_seed

    actors_seed.run(demo=False)


@pytest.fixture
def registry(geography, mandates):
    from wholeroute.partnerships import seed

    seed.run(demo=False)


@pytest.fixture
def other_ministry(db):
    return OrganisationFactory(slug="de-interior", name="Federal Ministry of the Interior (Germany)",
                               kind=Organisation.Kind.MINISTRY)


@pytest.fixture
def otto(other_ministry):
    """An approver at another organisation."""
    return member(other_ministry, Role.APPROVER, email="otto@bmi.example", first_name="Otto")


@pytest.fixture
def draft(geography, alice, ministry):
    """A LIMITED partnership of the ministry with Tunisia, in exploration, ready for design."""
    from wholeroute.geo.models import Country
    from wholeroute.partnerships import actions

    return actions.create_partnership(
        alice, owner=ministry, title="Tunisia reintegration pilot", classification="LIMITED",
        countries=[Country.objects.get(code="TN")], lead_organisation=ministry,
        scoping_note="Reintegration of returnees in Tunisia, with the delegation.")
