"""Outreach fixtures: institutions, the sourced process registry, a Commission service and a joint message."""

import datetime

import pytest

from wholeroute.access.factories import member
from wholeroute.access.models import Organisation, Role


@pytest.fixture
def institutions(geography):
    from wholeroute.access import seed as access_seed

    access_seed.run(demo=False, stdout=None)


@pytest.fixture
def registry_seeded(institutions):
    from wholeroute.outreach import seed

    return seed.run(demo=False, stdout=None)


@pytest.fixture
def dg_home(institutions):
    return Organisation.objects.get(slug="dg-home")


@pytest.fixture
def eeas(institutions):
    return Organisation.objects.get(slug="eeas")


@pytest.fixture
def cora(dg_home):
    """Editor at DG HOME: drafts joint messages."""
    return member(dg_home, Role.EDITOR, email="cora@dg-home.example", first_name="Cora")


@pytest.fixture
def dan(dg_home):
    """Approver at DG HOME: the second pair of eyes for adoption."""
    return member(dg_home, Role.APPROVER, email="dan@dg-home.example", first_name="Dan")


@pytest.fixture
def tunisia(geography):
    from wholeroute.geo.models import Country

    return Country.objects.get(code="TN")


@pytest.fixture
def message(cora, tunisia):
    from wholeroute.outreach import actions

    return actions.draft_message(cora, owner=cora_org(cora), topic="Anti-smuggling cooperation with Tunisia",
                                 text="The EU supports Tunisia's efforts against migrant smuggling.",
                                 countries=[tunisia])


def cora_org(user):
    return Organisation.objects.get(memberships__user=user)


@pytest.fixture
def today():
    return datetime.date.today()
