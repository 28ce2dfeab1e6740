"""A small real world for the reports tests: geography, the registry partnerships, the Frontex detections file,
a LIMITED canary partnership with Tunisia, and a PUBLIC summit with Tunisia, Morocco and Italy."""

import pytest

from wholeroute.geo.models import Country
from wholeroute.indicators.load import load
from wholeroute.indicators.seed import DATA
from wholeroute.outreach import actions as outreach_actions
from wholeroute.partnerships import actions as partnership_actions

SECRET = "CANARY limited Tunisia coastguard package"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(geography, ministry, alice):
    from wholeroute.access import seed as access_seed
    from wholeroute.actors import seed as actors_seed
    from wholeroute.partnerships import seed as partnership_seed

    access_seed.run(demo=False)
    actors_seed.run(demo=False)
    partnership_seed.run(demo=False)
    load(DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv")
    tunisia = Country.objects.get(code="TN")
    partnership_actions.create_partnership(alice, owner=ministry, title=SECRET, classification="LIMITED",
                                           countries=[tunisia])
    return tunisia


@pytest.fixture
def summit(world, alice, ministry):
    return outreach_actions.create_event(
        alice, owner=ministry, title="Summit on the Central Mediterranean", kind="summit", start_text="2025-06-12",
        place="Rome", description="Leaders review the partnerships along the route.", classification="PUBLIC",
        countries=Country.objects.filter(code__in=["TN", "MA", "IT"]), agenda_items=["Returns", "Legal pathways"])


@pytest.fixture
def closed_meeting(world, alice, ministry):
    return outreach_actions.create_event(
        alice, owner=ministry, title="CANARY sensitive senior officials meeting", kind="senior_officials_meeting",
        start_text="2025-07", classification="SENSITIVE", countries=Country.objects.filter(code__in=["TN"]))
