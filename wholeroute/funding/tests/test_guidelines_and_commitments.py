import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wholeroute.access.factories import member
from wholeroute.access.models import AuditEntry, Role
from wholeroute.funding import actions, gates
from wholeroute.funding.guidelines import check_commitment
from wholeroute.funding.models import Commitment, Envelope, FundingRule, Instrument

pytestmark = pytest.mark.django_db
D = datetime.date


def test_eutf_root_causes_before_2022_is_eligible_with_its_reason(ledger):
    outcome = check_commitment(Instrument.objects.get(slug="eutf-africa"), ["root-causes"], D(2019, 5, 1))
    assert outcome.result == "eligible"
    [applied] = outcome.applied
    assert applied.rule.key == "eutf-before-2022"
    assert "Constitutive Agreement" in applied.why and "12 November 2015" in applied.why


def test_the_eutf_takes_no_new_programmes_from_2022(ledger):
    outcome = check_commitment(Instrument.objects.get(slug="eutf-africa"), ["root-causes"], D(2023, 3, 1))
    assert outcome.result == "not_eligible"
    assert [a.rule.key for a in outcome.applied] == ["eutf-no-new-programmes"]
    assert "No new programmes are financed from 1 January 2022" in outcome.applied[0].why
    assert any("EUTF for Africa: programmes up to the end of 2021" in n for n in outcome.not_in_force)


def test_ndici_border_management_is_conditional_and_lists_every_condition(instrument):
    outcome = check_commitment(instrument, ["border-management"], D(2024, 6, 1))
    assert outcome.result == "conditional"
    keys = {a.rule.key: a for a in outcome.applied}
    assert set(keys) == {"ndici-ge-objectives", "ndici-ge-oda-93", "ndici-ge-migration-10"}
    assert "93 %" in keys["ndici-ge-oda-93"].why and "Uncertain" in keys["ndici-ge-oda-93"].why
    assert "Regulation (EU) 2021/947" in keys["ndici-ge-objectives"].why
    assert keys["ndici-ge-migration-10"].outcome == "eligible"
    assert outcome.uncertain


def test_ndici_for_a_return_hub_is_not_eligible_because_coercive_return_is_not_oda(instrument):
    outcome = check_commitment(instrument, ["return-hub"], D(2026, 3, 1))
    assert outcome.result == "not_eligible"
    coercive = next(a for a in outcome.applied if a.rule.key == "ndici-ge-coercive-return")
    assert coercive.outcome == "not_eligible" and "not ODA-eligible" in coercive.why


def test_amif_third_country_actions_are_conditional_on_the_fund_objectives(ledger):
    outcome = check_commitment(Instrument.objects.get(slug="amif"), ["readmission"], D(2025, 1, 1))
    assert outcome.result == "conditional"
    assert "third countries" in outcome.applied[0].why


def test_no_rule_in_force_is_not_called_eligible(ledger):
    outcome = check_commitment(Instrument.objects.get(slug="global-gateway"), ["legal-pathway"], D(2025, 1, 1))
    assert outcome.result == "no_rule" and outcome.applied == []


def test_admins_edit_rules_as_new_audited_versions(ledger, institutions):
    admin = member(institutions["dg-intpa"], Role.ADMIN, email="admin@intpa.example")
    rule = FundingRule.objects.get(key="ndici-ge-oda-93", is_current=True)
    revised = actions.save_rule(admin, key="ndici-ge-oda-93", reason="official text read",
                                source_url="https://eur-lex.europa.eu/eli/reg/2021/947/oj", uncertain=False)
    assert revised.version == 2 and revised.is_current and not revised.uncertain
    rule.refresh_from_db()
    assert not rule.is_current and rule.version == 1
    assert AuditEntry.objects.filter(verb="funding_rule.revise", object_id=str(revised.pk)).exists()


def test_only_admins_of_the_owner_may_edit_rules(ledger, alice, ivan):
    with pytest.raises(PermissionDenied):
        actions.save_rule(alice, key="ndici-ge-oda-93", reason="x", uncertain=False)
    with pytest.raises(PermissionDenied):  # admin, but of another organisation
        actions.save_rule(ivan, key="ndici-ge-oda-93", reason="x", uncertain=False)


def test_a_rule_version_applies_only_from_its_date(ledger, institutions):
    admin = member(institutions["dg-home"], Role.ADMIN, email="admin@home.example")
    amif = Instrument.objects.get(slug="amif")
    actions.save_rule(admin, key="amif-no-return-hubs-test", instrument=amif, solution_types=["return-hub"],
                      outcome="not_eligible", title="Test rule", rule_text="Not for return hubs.",
                      valid_from=D(2026, 1, 1))
    assert check_commitment(amif, ["return-hub"], D(2025, 12, 31)).result == "conditional"
    assert check_commitment(amif, ["return-hub"], D(2026, 1, 1)).result == "not_eligible"


# ---------------------------------------------------------------- commitments and four eyes

def test_a_commitment_above_the_threshold_counts_only_after_a_second_person_approves(envelope, partnership, alice,
                                                                                     erin):
    envelope.shared_with.add(partnership.owner)
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Border support",
                                  amount="5000000", committed_on="2024-06-01", channel="direct")
    assert c.status == Commitment.Status.PENDING and not c.counts
    assert not gates.has_funding_line(partnership)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.approve_commitment(alice, c)
    actions.approve_commitment(erin, c, reason="checked")
    c.refresh_from_db()
    assert c.counts and c.approved_by == erin
    assert gates.has_funding_line(partnership)
    assert AuditEntry.objects.filter(verb="funding_commitment.approve", object_id=str(c.pk)).exists()


def test_a_small_commitment_counts_on_recording(envelope, partnership, alice):
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Study",
                                  amount="250000", committed_on="2024-06-01", channel="direct")
    assert c.status == Commitment.Status.APPROVED and "threshold" in c.decision_reason


def test_the_threshold_is_configurable_by_admins_of_the_instrument_owner(envelope, partnership, alice, institutions):
    admin = member(institutions["dg-intpa"], Role.ADMIN, email="admin@intpa.example")
    with pytest.raises(PermissionDenied):
        actions.set_approval_threshold(alice, envelope.instrument, amount="100", reason="x")
    actions.set_approval_threshold(admin, envelope.instrument, amount="100000", reason="tighter control")
    envelope.instrument.refresh_from_db()
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Study",
                                  amount="250000", committed_on="2024-06-01", channel="direct")
    assert c.status == Commitment.Status.PENDING


def test_the_partnership_funding_line_stores_the_guideline_outcome(envelope, partnership, alice):
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Border support",
                                  amount="500000", committed_on="2024-06-01", channel="direct")
    assert c.solution_types == ["border-management"]
    assert c.guideline_check["result"] == "conditional"
    assert {a["rule"] for a in c.guideline_check["applied"]} >= {"ndici-ge-oda-93"}


def test_other_currencies_keep_the_original_amount_and_the_rate_with_its_date_and_source(envelope, partnership,
                                                                                          alice):
    with pytest.raises(ValidationError, match="never guesses a rate"):
        actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="USD grant",
                                  amount="1000000", currency="USD", committed_on="2024-06-01", channel="direct")
    rate = actions.record_exchange_rate(alice, currency="USD", on_date=D(2024, 5, 31), eur_per_unit="0.9217",
                                        source="ECB reference rate entered by the desk officer")
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="USD grant",
                                  amount="1000000", currency="USD", committed_on="2024-06-01", channel="direct",
                                  rate_record=rate)
    assert c.amount == Decimal("1000000.00") and c.currency == "USD"
    assert c.amount_eur == Decimal("921700.00") and c.rate_date == D(2024, 5, 31) and "ECB" in c.rate_source


def test_disbursements_cannot_exceed_the_commitment_and_need_it_to_count(envelope, partnership, alice, erin):
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Border support",
                                  amount="2000000", committed_on="2024-06-01", channel="direct")
    with pytest.raises(ValidationError, match="approved commitment"):
        actions.record_disbursement(alice, c, amount="100", disbursed_on="2024-07-01")
    actions.approve_commitment(erin, c)
    actions.record_disbursement(alice, c, amount="1500000", disbursed_on="2024-07-01")
    with pytest.raises(ValidationError, match="more than"):
        actions.record_disbursement(alice, c, amount="600000", disbursed_on="2024-08-01")


def test_users_of_other_organisations_cannot_commit_on_a_partnership_they_cannot_see(envelope, partnership, bob):
    partnership.classification = "SENSITIVE"
    partnership.save()
    with pytest.raises(PermissionDenied):
        actions.record_commitment(bob, envelope=envelope, partnership=partnership, title="x", amount="10",
                                  committed_on="2024-06-01", channel="direct")


def test_withdrawn_and_rejected_commitments_do_not_open_the_gate(envelope, partnership, alice, erin):
    c = actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Border support",
                                  amount="5000000", committed_on="2024-06-01", channel="direct")
    actions.reject_commitment(erin, c, reason="not consistent with the objectives")
    assert not gates.has_funding_line(partnership)
    assert Envelope.objects.count() == 10
