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


@pytest.fixture
def geography(db):
    """Every country, grouping and route (wholeroute.geo.seed, about 0.3 s)."""
    from wholeroute.geo import seed as geo_seed

    geo_seed.run(demo=False, stdout=None)


# Browser tests: Debian's Chromium driven by Playwright (`playwright install` cannot download here).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
needs_chromium = pytest.mark.skipif(
    not __import__("os").path.exists(CHROMIUM),
    reason="browser tests need Debian's chromium: run `make browsers` (apt-get install chromium)",
)


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium with a fresh profile; use with `live_server` and django_db(transaction=True)."""
    if not __import__("os").path.exists(CHROMIUM):
        pytest.skip("browser tests need Debian's chromium: run `make browsers` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_as(chromium, live_server):
    """page_as(user) → a Playwright page signed in as `user` (anonymous with None)."""
    from django.conf import settings as django_settings
    from django.test import Client

    def open_page(user=None, *, bypass_csp=False):
        # bypass_csp lets a test inject a checking script (axe-core) that the site's own CSP rightly blocks.
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
        if user is not None:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                                  "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                                  "url": live_server.url}])
        return context.new_page()

    return open_page


@pytest.fixture
def dropped_connection():
    """Arm a real fault: `with dropped_connection(r'INSERT INTO "x"', after=n): …` terminates this connection's
    PostgreSQL server process (pg_terminate_backend, from a second connection) just before the (n+1)-th statement
    matching the pattern, exactly as a crashed or restarted database server would. PostgreSQL only."""
    import contextlib
    import re

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("terminating a database backend needs PostgreSQL: run with "
                    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (CI does)")
    fired = []

    @contextlib.contextmanager
    def arm(pattern, after=0):
        seen = 0

        def terminate_before(execute, sql, params, many, context):
            nonlocal seen
            if not fired and re.search(pattern, sql):
                seen += 1
                if seen > after:
                    pid = context["connection"].connection.info.backend_pid
                    side = connections.create_connection("default")
                    try:
                        with side.cursor() as cursor:
                            cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
                    finally:
                        side.close()
                    fired.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(terminate_before):
            yield fired
        assert fired, f"no statement matched {pattern!r}: the fault was never injected"

    return arm
