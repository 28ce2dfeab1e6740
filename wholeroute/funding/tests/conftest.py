"""Fixtures of the funding tests: the institutions the seed needs, the seeded ledger, a partnership."""

import pytest

from wholeroute.access.factories import OrganisationFactory
from wholeroute.access.models import Classification, Organisation


@pytest.fixture
def institutions(db):
    return {
        "dg-intpa": OrganisationFactory(slug="dg-intpa", name="European Commission — DG INTPA", short_name="DG INTPA",
                                        kind=Organisation.Kind.COMMISSION),
        "dg-home": OrganisationFactory(slug="dg-home", name="European Commission — DG HOME", short_name="DG HOME",
                                       kind=Organisation.Kind.COMMISSION),
        "iom": OrganisationFactory(slug="iom", name="International Organization for Migration", short_name="IOM",
                                   kind=Organisation.Kind.IO),
    }


@pytest.fixture
def ledger(geography, institutions):
    """The funding seed without the EUTF tables (instruments, 10 envelopes, guideline rules)."""
    from wholeroute.funding import seed

    seed.run(demo=False, stdout=None, eutf=False)


@pytest.fixture
def seeded(geography, institutions):
    """The whole funding seed, EUTF tables included."""
    from wholeroute.funding import seed

    seed.run(demo=False, stdout=None)


@pytest.fixture
def instrument(ledger):
    from wholeroute.funding.models import Instrument

    return Instrument.objects.get(slug="ndici-global-europe")


@pytest.fixture
def envelope(ledger):
    from wholeroute.funding.models import Envelope

    return Envelope.objects.get(registry_id="ndici-global-europe-2021-2027")


@pytest.fixture
def partnership(ministry, geography):
    from wholeroute.geo.models import Country
    from wholeroute.partnerships.models import Partnership, SolutionType

    p = Partnership.objects.create(title="Tunisia migration partnership (test)", owner=ministry,
                                   classification=Classification.LIMITED)
    p.countries.add(Country.objects.get(code="TN"))
    border, _ = SolutionType.objects.get_or_create(code="border-management", defaults={"name": "Border management"})
    p.solution_types.add(border)
    return p
