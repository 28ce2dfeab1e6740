"""No N+1 queries: the main pages and API lists make the same number of queries whether the registry holds a few
partnerships or several times as many (each with countries, routes, solution types, a pending transition, a
rights assessment, an allegation and a document)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

MAIN_PAGES = [
    "/", "/partnerships/", "/partnerships/?country=TN&sort=-signed", "/countries/TN/", "/routes/central-mediterranean/",
    "/safeguards/", "/safeguards/allegations/", "/funding/", "/outreach/",
    "/statistics/", "/actors/gaps/", "/api/partnerships/", "/api/safeguards/allegations",
    "/partnerships/?format=csv",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_partnerships(n, alice, ministry, start):
    from wholeroute.geo.models import Country, Route
    from wholeroute.partnerships import actions
    from wholeroute.partnerships.models import SolutionType
    from wholeroute.partnerships.solutions import ensure_solution_types
    from wholeroute.safeguards import actions as safeguards
    from wholeroute.safeguards.models import Obligation

    ensure_solution_types(SolutionType)
    countries = list(Country.objects.filter(code__in=["TN", "LY", "EG"]))
    route = Route.objects.get(slug="central-mediterranean")
    solutions = list(SolutionType.objects.all()[:3])
    right = Obligation.objects.first()
    for i in range(start, start + n):
        p = actions.create_partnership(
            alice, owner=ministry, title=f"Partnership {i}", countries=countries, routes=[route],
            solution_types=solutions, lead_organisation=ministry, scoping_note="Scoped", classification="LIMITED")
        actions.request_transition(alice, p, to_phase="design", reason="Ready")
        actions.add_document(alice, p, title=f"Note {i}", upload=SimpleUploadedFile("note.txt", b"text"))
        safeguards.start_assessment(alice, p)
        safeguards.record_allegation(alice, p, received_on=datetime.date(2026, 11, 2), source_kind="ngo",
                                     severity="low", summary=f"Report {i}", rights=[right], classification="LIMITED")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.django_db
def test_main_pages_make_as_many_queries_for_twelve_partnerships_as_for_three(geography, alice, erin, ministry,
                                                                             client_of):
    from wholeroute.safeguards import seed as safeguards_seed

    safeguards_seed.run(demo=False, stdout=None)
    client = client_of(erin)  # an approver: sees the pending transitions on the home page
    add_partnerships(3, alice, ministry, start=0)
    for url in MAIN_PAGES:
        queries(client, url)  # warm per-process caches (resolvers, content types)
    few = {url: queries(client, url) for url in MAIN_PAGES}
    add_partnerships(9, alice, ministry, start=3)
    many = {url: queries(client, url) for url in MAIN_PAGES}
    for url in ("/partnerships/", "/countries/TN/", "/routes/central-mediterranean/", "/api/partnerships/",
                "/safeguards/allegations/"):  # the pages do show every record counted
        page = client.get(url).content.decode()
        assert "Partnership 11" in page or "Report 11" in page, url
    grown = {url: (few[url], many[url]) for url in MAIN_PAGES if many[url] > few[url]}
    assert grown == {}, f"queries grow with the number of partnerships (3 → 12): {grown}"
