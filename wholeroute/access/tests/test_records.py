"""Classified records: EU classified markings refused, no hard deletes, an audit row for every change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wholeroute.access import actions, audit
from wholeroute.access.markings import find_eu_classified_marking
from wholeroute.access.models import AuditEntry, HardDeleteRefused
from wholeroute.partnerships.models import Partnership


@pytest.mark.parametrize("text", [
    "RESTREINT UE/EU RESTRICTED", "eu restricted", "CONFIDENTIEL UE", "EU CONFIDENTIAL", "SECRET UE",
    "EU SECRET", "TRÈS SECRET UE", "TRES SECRET UE/EU TOP SECRET", "Marked restreint  ue in the header",
])
def test_an_eu_classified_marking_is_refused_with_a_clear_message(ministry, text):
    partnership = Partnership(title="Scoping", summary=text, owner=ministry)
    with pytest.raises(ValidationError) as caught:
        partnership.full_clean()
    assert "not accredited for EU classified information" in str(caught.value)
    assert "summary" in caught.value.message_dict


@pytest.mark.parametrize("text", ["Restricted access to the camp", "The secret of success", "UE funding", ""])
def test_ordinary_words_are_not_taken_for_markings(text):
    assert find_eu_classified_marking(text) is None


def test_a_record_cannot_be_hard_deleted(ministry):
    record = Partnership.objects.create(title="Kept forever", owner=ministry)
    with pytest.raises(HardDeleteRefused):
        record.delete()
    with pytest.raises(HardDeleteRefused):
        Partnership.objects.all().delete()
    assert Partnership.objects.filter(pk=record.pk).exists()


def test_withdrawing_keeps_the_record_and_writes_an_audit_row(ministry, alice):
    record = Partnership.objects.create(title="To withdraw", owner=ministry)
    actions.withdraw(alice, record, reason="Superseded by the 2026 arrangement")
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    entry = AuditEntry.objects.get(verb="partnership.withdraw", object_id=str(record.pk))
    assert entry.user == alice and entry.organisation == ministry
    assert entry.after["withdrawn_reason"] == "Superseded by the 2026 arrangement"
    assert entry.before["withdrawn_reason"] == ""


def test_withdrawing_needs_an_editor_of_the_owner(ministry, bob):
    record = Partnership.objects.create(title="Not bob's", owner=ministry)
    with pytest.raises(PermissionDenied):
        actions.withdraw(bob, record, reason="no")
    assert not AuditEntry.objects.filter(verb="partnership.withdraw").exists()


def test_audit_rows_cannot_be_edited_or_deleted(ministry, alice):
    record = Partnership.objects.create(title="Audited", owner=ministry)
    actions.withdraw(alice, record, reason="test")
    entry = AuditEntry.objects.latest("id")
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(HardDeleteRefused):
        entry.delete()


def test_the_audit_chain_detects_a_row_altered_behind_the_app(ministry, alice):
    for n in range(3):
        actions.withdraw(alice, Partnership.objects.create(title=f"P{n}", owner=ministry), reason=f"r{n}")
    assert audit.verify_chain() == []
    victim = AuditEntry.objects.order_by("id")[1]
    AuditEntry.objects.filter(pk=victim.pk).update(reason="tampered")
    problems = audit.verify_chain()
    assert any(f"audit entry {victim.pk}" in p for p in problems)


@pytest.mark.django_db(transaction=True)
def test_an_audit_row_is_refused_outside_a_transaction(ministry):
    record = Partnership.objects.create(title="Outside", owner=ministry)
    with pytest.raises(RuntimeError):
        audit.record(user=None, verb="test.outside", obj=record)
    with transaction.atomic():
        audit.record(user=None, verb="test.inside", obj=record)
    assert list(AuditEntry.objects.values_list("verb", flat=True)) == ["test.inside"]


def test_a_membership_change_is_audited_with_the_role_before_and_after(ministry, ivan, alice):
    actions.add_member(ivan, ministry, email=alice.email, role="approver")
    entry = AuditEntry.objects.get(verb="membership.change_role")
    assert entry.before == {"role": "editor"} and entry.after == {"role": "approver"}


def test_only_admins_of_an_organisation_add_members(ministry, alice):
    with pytest.raises(PermissionDenied):
        actions.add_member(alice, ministry, email="new@interior.example", role="viewer")
