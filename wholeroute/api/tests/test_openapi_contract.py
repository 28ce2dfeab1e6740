"""Schemathesis against the API's own OpenAPI schema: no 500s, and responses match the schema.

Every operation is exercised anonymously and as a signed-in editor, on seeded reference data. Write operations
are checked for server errors only (they refuse anonymous callers and callers without a CSRF token by design).
"""

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from wholeroute.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

READ_CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def call_in_its_own_savepoint(case, **kwargs):
    """Each call as its own unit of work, as it is under autocommit in production.

    The test runs inside one transaction; on PostgreSQL a statement the API turned into a 422 (a value beyond
    bigint, say) would otherwise leave that transaction aborted for every later call of the same test.
    """
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(**kwargs)
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def seeded(db):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from wholeroute.geo import seed as geo_seed

    geo_seed.run(demo=False, stdout=None)
    # Schemathesis calls the WSGI application directly, not through Django's test client, so Django would close
    # the test's database connection at the end of each request; keep it open as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_cookies(client_of, alice):
    client = client_of(alice)
    return {"sessionid": client.cookies["sessionid"].value}


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_never_fails_and_matches_its_schema_for_anonymous_callers(case, seeded):
    checks = READ_CHECKS if case.method.upper() == "GET" else [not_a_server_error]
    call_in_its_own_savepoint(case, checks=checks)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_the_api_never_fails_and_matches_its_schema_for_a_signed_in_editor(case, seeded, editor_cookies):
    checks = READ_CHECKS if case.method.upper() == "GET" else [not_a_server_error]
    call_in_its_own_savepoint(case, checks=checks, cookies=editor_cookies)
