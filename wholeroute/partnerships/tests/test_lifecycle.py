import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from wholeroute.access.factories import member
from wholeroute.access.models import AuditEntry, Role
from wholeroute.partnerships import actions, gates
from wholeroute.partnerships.models import Partnership, TransitionRequest


def test_design_is_blocked_with_the_list_of_missing_conditions(alice, ministry, geography):
    bare = actions.create_partnership(alice, owner=ministry, title="Untitled idea")
    assert gates.missing_conditions(bare, "design") == [
        "a lead organisation", "at least one partner country", "a scoping note"]
    with pytest.raises(ValidationError) as exc:
        actions.request_transition(alice, bare, to_phase="design", reason="Ready")
    assert exc.value.message_dict["to_phase"] == [
        "Design needs a lead organisation; at least one partner country; a scoping note."]
    assert not TransitionRequest.objects.exists()


def test_a_member_state_alone_is_not_a_partner_country(alice, ministry, geography):
    from wholeroute.geo.models import Country

    p = actions.create_partnership(alice, owner=ministry, title="Intra-EU", countries=[Country.objects.get(code="IT")],
                                   lead_organisation=ministry, scoping_note="x")
    assert gates.missing_conditions(p, "design") == ["at least one partner country"]


def test_implementation_is_blocked_without_an_approved_assessment(draft):
    missing = gates.missing_conditions(draft, "implementation")
    assert "an approved rights assessment" in missing
    assert "a named independent monitoring arrangement" in missing
    assert 'a funding line or an explicit "no EU funds"' in missing
    assert "a legal instrument recorded" in missing


def test_no_eu_funds_and_a_legal_instrument_satisfy_their_conditions(draft, alice):
    actions.update_partnership(alice, draft, no_eu_funds=True, legal_instrument="Exchange of letters of 3 May 2026")
    missing = gates.missing_conditions(draft, "implementation")
    assert 'a funding line or an explicit "no EU funds"' not in missing
    assert "a legal instrument recorded" not in missing
    assert "an approved rights assessment" in missing


def test_a_colleague_approves_the_move_to_design_with_an_audit_row(draft, alice, erin):
    request = actions.request_transition(alice, draft, to_phase="design", reason="Scoping done with the delegation")
    actions.approve_transition(erin, request, reason="Agreed")
    draft.refresh_from_db()
    assert draft.phase == "design" and draft.phase_imported is False
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == erin
    row = AuditEntry.objects.filter(verb="partnership.approve_transition").get()
    assert row.user == erin and row.before["phase"] == "exploration" and row.after["phase"] == "design"


def test_four_eyes_the_requester_cannot_approve_even_as_approver(draft, ministry, erin):
    request = actions.request_transition(erin, draft, to_phase="design", reason="Ready")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.approve_transition(erin, request)
    draft.refresh_from_db()
    assert draft.phase == "exploration"


def test_editors_and_other_organisations_cannot_approve(draft, alice, ministry, otto):
    other_editor = member(ministry, Role.EDITOR, email="ed@interior.example")
    request = actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    for user in (other_editor, otto):
        with pytest.raises(PermissionDenied):
            actions.approve_transition(user, request)
    assert TransitionRequest.objects.get().status == "pending"


def test_gates_are_checked_again_at_approval(draft, alice, erin):
    request = actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    actions.update_partnership(alice, draft, scoping_note="")
    with pytest.raises(ValidationError, match="a scoping note"):
        actions.approve_transition(erin, request)
    draft.refresh_from_db()
    assert draft.phase == "exploration"


def test_a_decided_request_cannot_be_approved_twice(draft, alice, erin, ivan):
    request = actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    actions.approve_transition(erin, request)
    with pytest.raises(ValidationError, match="already approved"):
        actions.approve_transition(ivan, request)
    assert AuditEntry.objects.filter(verb="partnership.approve_transition").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_one_request_make_one_transition(geography, alice, erin, ivan, ministry):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serialises writers differently")
    from wholeroute.geo.models import Country

    p = actions.create_partnership(alice, owner=ministry, title="Concurrent", countries=[Country.objects.get(code="TN")],
                                   lead_organisation=ministry, scoping_note="x")
    request = actions.request_transition(alice, p, to_phase="design", reason="Ready")
    outcomes = []
    barrier = threading.Barrier(2)

    def approve(user):
        from django.db import connections

        try:
            barrier.wait()
            actions.approve_transition(user, TransitionRequest.objects.get(pk=request.pk))
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (erin, ivan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert AuditEntry.objects.filter(verb="partnership.approve_transition").count() == 1


def test_suspension_and_closure_need_an_approver_and_a_reason(draft, alice, erin):
    with pytest.raises(PermissionDenied):
        actions.suspend(alice, draft, reason="Allegations")
    with pytest.raises(ValidationError):
        actions.suspend(erin, draft, reason=" ")
    actions.suspend(erin, draft, reason="Credible allegations of refoulement")
    draft.refresh_from_db()
    assert draft.phase == "suspended" and draft.phase_before_suspension == "exploration"
    actions.resume(erin, draft, reason="Monitoring in place")
    draft.refresh_from_db()
    assert draft.phase == "exploration"
    actions.close(erin, draft, reason="Partner withdrew")
    draft.refresh_from_db()
    assert draft.phase == "closed" and draft.phase_reason == "Partner withdrew"
    assert list(AuditEntry.objects.filter(verb__in=["partnership.suspend", "partnership.resume", "partnership.close"])
                .order_by("id").values_list("reason", flat=True)) == [
        "Credible allegations of refoulement", "Monitoring in place", "Partner withdrew"]


def test_suspension_closes_a_pending_transition(draft, alice, erin):
    request = actions.request_transition(alice, draft, to_phase="design", reason="Ready")
    actions.suspend(erin, draft, reason="Safeguards proposal accepted")
    request.refresh_from_db()
    assert request.status == "rejected"


def test_the_phase_cannot_be_set_by_editing(draft, alice):
    with pytest.raises(ValidationError) as exc:
        actions.update_partnership(alice, draft, phase="implementation")
    assert "phase" in exc.value.message_dict
    assert Partnership.objects.get(pk=draft.pk).phase == "exploration"


def test_a_skipped_phase_is_refused(draft, alice):
    with pytest.raises(ValidationError, match="cannot move to implementation"):
        actions.request_transition(alice, draft, to_phase="implementation", reason="Hurry")


def test_an_eu_classified_marking_is_refused_and_nothing_is_saved(alice, ministry, geography):
    with pytest.raises(ValidationError) as exc:
        actions.create_partnership(alice, owner=ministry, title="Plan", summary="RESTREINT UE annex attached")
    assert "not accredited" in exc.value.message_dict["summary"][0]
    assert not Partnership.objects.exists()


def test_partial_dates_are_validated_per_field(alice, ministry, geography):
    with pytest.raises(ValidationError) as exc:
        actions.create_partnership(alice, owner=ministry, title="Plan", signed_or_announced="2025-13",
                                   entry_into_force="spring 2026")
    assert set(exc.value.message_dict) == {"signed_or_announced", "entry_into_force"}
    p = actions.create_partnership(alice, owner=ministry, title="Plan", signed_or_announced="2025-06")
    assert p.signed_or_announced == "2025-06"
