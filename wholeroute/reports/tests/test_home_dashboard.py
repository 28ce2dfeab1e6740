"""The home page as a personal dashboard: partnerships by phase, approvals waiting for the reader (transition
requests, rights assessments, funding commitments they did not draft), and the public portal for everyone — with a
bounded number of queries whatever the amount of data."""

import pytest

from wholeroute.geo.models import Country
from wholeroute.partnerships import actions as partnership_actions
from wholeroute.safeguards import actions as safeguards_actions
from wholeroute.safeguards.tests.conftest import answer_everything

MAX_HOME_QUERIES = 80  # 71 measured for erin with every kind of gate (SQLite, Nov 2026)


@pytest.fixture
def gates(world, alice, ministry):
    from wholeroute.funding import actions as funding_actions
    from wholeroute.funding import seed as funding_seed
    from wholeroute.funding.models import Envelope
    from wholeroute.safeguards import seed as safeguards_seed

    safeguards_seed.run(demo=False, stdout=None)
    funding_seed.run(demo=False, stdout=None, eutf=False)

    def add(n, start=0):
        envelope = Envelope.objects.get(registry_id="ndici-global-europe-2021-2027")
        envelope.shared_with.add(ministry)
        for i in range(start, start + n):
            p = partnership_actions.create_partnership(alice, owner=ministry, title=f"Gate partnership {i}",
                                                       classification="LIMITED", scoping_note="Scoped",
                                                       lead_organisation=ministry,
                                                       countries=[Country.objects.get(code="TN")])
            partnership_actions.request_transition(alice, p, to_phase="design", reason="Ready")
            assessment = safeguards_actions.start_assessment(alice, p)
            answer_everything(alice, assessment)
            safeguards_actions.submit_assessment(alice, assessment)
            funding_actions.record_commitment(alice, envelope=envelope, partnership=p, title=f"Border support {i}",
                                              amount="5000000", committed_on="2024-06-01", channel="direct")
    return add


def test_the_approver_sees_what_waits_for_them_and_the_author_does_not(client_of, alice, erin, gates):
    gates(1)
    page = client_of(erin).get("/").content.decode()
    approvals = page[page.index('id="section-dashboard-approvals"'):]
    approvals = approvals[:approvals.index("</section>")]
    assert "Rights assessment v1" in approvals and "Funding commitment: Border support 0" in approvals
    assert "Transitions awaiting your approval" in page and "Gate partnership 0" in page
    assert 'id="section-dashboard-phases"' in page and "Partnerships by phase" in page
    mine = client_of(alice).get("/").content.decode()  # alice drafted them: four eyes, nothing for her to approve
    assert 'id="section-dashboard-approvals"' not in mine


def test_the_dashboard_makes_a_bounded_number_of_queries(client_of, erin, gates, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(erin)
    gates(1)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    gates(4, start=1)
    with django_assert_max_num_queries(MAX_HOME_QUERIES):
        page = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert "Border support 4" in page
    assert len(many) == len(few), "the home dashboard's queries grow with the number of records"


def test_everyone_finds_the_public_portal_on_the_home_page(db, client):
    page = client.get("/").content.decode()
    portal = page[page.index('id="section-public-portal"'):]
    for url in ("/partnerships/", "/outreach/processes/", "/outreach/", "/funding/", "/statistics/"):
        assert f'href="{url}"' in portal
