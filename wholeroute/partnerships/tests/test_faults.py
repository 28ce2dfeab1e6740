"""A real fault in the middle of a multi-step change: the PostgreSQL backend is terminated after the first writes
and before the audit row. The change must be all or nothing, and the same action must succeed once the database
is back."""

import pytest
from django.db import OperationalError

from wholeroute.access.models import AuditEntry
from wholeroute.partnerships import actions
from wholeroute.partnerships.models import Partnership, TransitionRequest

AUDIT_ROW = r'^INSERT INTO "access_auditentry"'


@pytest.fixture
def tunisia(geography):
    from wholeroute.geo.models import Country

    return Country.objects.get(code="TN")


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_while_a_partnership_is_created_leaves_no_trace(dropped_connection, alice, ministry,
                                                                             tunisia):
    with pytest.raises(OperationalError), dropped_connection(AUDIT_ROW):
        actions.create_partnership(alice, owner=ministry, title="Interrupted", countries=[tunisia],
                                   lead_organisation=ministry, scoping_note="Scoped")
    assert not Partnership.objects.filter(title="Interrupted").exists()
    assert not Partnership.countries.through.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="partnership.").exists()

    again = actions.create_partnership(alice, owner=ministry, title="Interrupted", countries=[tunisia],
                                       lead_organisation=ministry, scoping_note="Scoped")
    assert list(again.countries.all()) == [tunisia]
    assert AuditEntry.objects.filter(verb="partnership.create", object_id=str(again.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_during_an_approval_changes_neither_the_phase_nor_the_request(
        dropped_connection, alice, erin, ministry, tunisia):
    p = actions.create_partnership(alice, owner=ministry, title="Gate", countries=[tunisia],
                                   lead_organisation=ministry, scoping_note="Scoped")
    request = actions.request_transition(alice, p, to_phase="design", reason="Ready")
    audited = AuditEntry.objects.count()

    with pytest.raises(OperationalError), dropped_connection(AUDIT_ROW):
        actions.approve_transition(erin, request)  # the audit row comes after the phase and the request are saved
    p.refresh_from_db()
    request.refresh_from_db()
    assert p.phase == "exploration" and request.status == TransitionRequest.Status.PENDING
    assert AuditEntry.objects.count() == audited

    actions.approve_transition(erin, request)
    p.refresh_from_db()
    assert p.phase == "design" and AuditEntry.objects.count() == audited + 1
