import pytest


@pytest.fixture
def geo(db):
    """The reference geography, seeded by wholeroute.geo.seed (the function under test)."""
    from wholeroute.geo import seed

    seed.run(demo=False, stdout=None)
