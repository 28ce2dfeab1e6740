"""Safeguards: assessments gate implementation, four eyes, immutability, allegations, suspension, deadlines."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from wholeroute.access.models import AuditEntry
from wholeroute.partnerships import actions as partnership_actions
from wholeroute.partnerships import gates as partnership_gates
from wholeroute.safeguards import actions, deadlines
from wholeroute.safeguards.models import Allegation, Obligation, RightsAssessment, SuspensionProposal
from wholeroute.safeguards.tests.conftest import answer_everything

D = datetime.date


def test_the_checklist_holds_every_sourced_obligation_with_the_core_items_asked_always(checklist):
    assert Obligation.objects.count() == 98
    core = set(Obligation.objects.filter(applies_to_all=True).values_list("code", flat=True))
    assert {"cfr-art-19-2", "echr-art-3", "refugee-convention-art-33-1", "cfr-art-18", "cfr-art-47",
            "cfr-art-24", "gdpr-art-44", "echr-p4-art-4", "cfr-art-21"} <= core
    refoulement = Obligation.objects.get(code="cfr-art-19-2")
    assert refoulement.source.startswith("https://") and refoulement.article.startswith("Article 19")


def test_an_assessment_asks_the_core_items_and_those_of_the_solution_type(in_design, alice):
    from wholeroute.partnerships.models import SolutionType

    plain = actions.start_assessment(alice, in_design)
    plain_codes = set(plain.answers.values_list("obligation__code", flat=True))
    assert "cfr-art-19-2" in plain_codes and "fra-2025-rh-independent-monitoring" not in plain_codes
    in_design.solution_types.add(SolutionType.objects.get(code="return-hub"))
    assert "fra-2025-rh-independent-monitoring" in {o.code for o in actions.applicable_obligations(in_design)}


def test_implementation_is_refused_without_an_approved_assessment(in_design, alice, erin):
    actions.record_monitoring(alice, in_design, body_name="National Preventive Mechanism of Tunisia",
                              independence_basis="OPCAT national preventive mechanism")
    missing = partnership_gates.missing_conditions(in_design, "implementation")
    assert missing == ["an approved rights assessment"]
    with pytest.raises(ValidationError, match="an approved rights assessment"):
        partnership_actions.request_transition(alice, in_design, to_phase="implementation", reason="Ready")

    assessment = actions.start_assessment(alice, in_design)
    answer_everything(alice, assessment)
    actions.submit_assessment(alice, assessment)
    actions.approve_assessment(erin, assessment, reason="Risks low and evidenced")
    assert partnership_gates.missing_conditions(in_design, "implementation") == []
    request = partnership_actions.request_transition(alice, in_design, to_phase="implementation", reason="Ready")
    partnership_actions.approve_transition(erin, request, reason="Agreed")
    in_design.refresh_from_db()
    assert in_design.phase == "implementation"


def test_the_author_cannot_approve_their_own_assessment(in_design, alice, erin, ivan):
    assessment = actions.start_assessment(erin, in_design)
    answer_everything(erin, assessment)
    actions.submit_assessment(erin, assessment)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.approve_assessment(erin, assessment, reason="Mine")
    with pytest.raises(PermissionDenied):
        actions.approve_assessment(alice, assessment, reason="Editors do not approve")
    actions.approve_assessment(ivan, assessment, reason="Second pair of eyes")
    assert RightsAssessment.objects.get(pk=assessment.pk).decided_by == ivan


def test_an_approved_version_cannot_change_and_a_new_version_starts_from_it(in_design, alice, erin):
    assessment = actions.start_assessment(alice, in_design)
    answer_everything(alice, assessment, risk="medium", mitigation="Monitoring visits every quarter")
    actions.submit_assessment(alice, assessment)
    actions.approve_assessment(erin, assessment, reason="ok")
    item = assessment.answers.first()
    with pytest.raises(ValidationError, match="cannot be edited"):
        actions.answer(alice, assessment, item.obligation, risk="low")
    item.risk = "low"
    with pytest.raises(PermissionError):
        item.save()
    assessment.refresh_from_db()
    assessment.decision_reason = "rewritten"
    with pytest.raises(PermissionError):
        assessment.save()
    second = actions.start_assessment(alice, assessment.partnership)
    assert second.version == 2 and second.based_on == assessment
    assert second.answers.get(obligation=item.obligation).mitigation == "Monitoring visits every quarter"


def test_an_unmitigated_high_risk_blocks_approval_naming_the_item(in_design, alice, erin):
    assessment = actions.start_assessment(alice, in_design)
    answer_everything(alice, assessment)
    refoulement = Obligation.objects.get(code="cfr-art-19-2")
    actions.answer(alice, assessment, refoulement, risk="high", evidence="Reports of chain pushbacks")
    actions.submit_assessment(alice, assessment)
    with pytest.raises(ValidationError, match="Non-refoulement"):
        actions.approve_assessment(erin, assessment, reason="no")
    assert RightsAssessment.objects.get(pk=assessment.pk).status == "submitted"
    actions.return_assessment(erin, assessment, reason="Mitigate the non-refoulement risk")
    actions.answer(alice, assessment, refoulement, risk="high", evidence="Reports of chain pushbacks",
                   mitigation="Independent monitors present at every transfer; suspension clause")
    actions.submit_assessment(alice, assessment)
    assert actions.approve_assessment(erin, assessment, reason="Mitigated").status == "approved"


def _allegation(alice, partnership, **extra):
    fields = {"received_on": D(2026, 11, 6), "source_kind": "ngo", "severity": "high",
                  "summary": "Group of about 40 people returned across the border at night without procedure.",
                  "rights": [Obligation.objects.get(code="cfr-art-19-2")]}
    fields.update(extra)
    return actions.record_allegation(alice, partnership, **fields)


def test_a_substantiated_non_refoulement_allegation_proposes_suspension_to_a_second_person(in_design, alice, erin, ivan):
    allegation = _allegation(alice, in_design)
    for status in ("acknowledged", "under_assessment"):
        actions.advance_allegation(alice, allegation, status=status)
    actions.advance_allegation(erin, allegation, status="substantiated", outcome="Confirmed by the monitoring body")
    proposal = SuspensionProposal.objects.get(partnership=in_design)
    assert "Non-refoulement" in proposal.evidence and proposal.created_by == erin
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.decide_proposal(erin, proposal, accept=True, reason="I fired it")
    actions.decide_proposal(ivan, proposal, accept=True, reason="Suspend pending investigation")
    in_design.refresh_from_db()
    assert in_design.phase == "suspended"


def test_an_unsubstantiated_allegation_proposes_nothing(in_design, alice):
    allegation = _allegation(alice, in_design)
    for status in ("acknowledged", "under_assessment"):
        actions.advance_allegation(alice, allegation, status=status)
    actions.advance_allegation(alice, allegation, status="not_substantiated", outcome="Not corroborated")
    assert not SuspensionProposal.objects.exists()


@pytest.mark.parametrize("summary", [
    "Complaint by ahmed.k@example.org about the camp",
    "Call +216 71 234 567 for the witness",
    "Passport no. P1234567 was confiscated",
    "The man, born 03/04/1990, was detained",
])
def test_the_register_refuses_obvious_personal_identifiers(in_design, alice, summary):
    with pytest.raises(ValidationError) as caught:
        _allegation(alice, in_design, summary=summary)
    assert "no personal data" in str(caught.value.message_dict["summary"])
    assert not Allegation.objects.exists()


def test_deadlines_are_counted_in_working_days_across_weekends():
    friday = D(2026, 11, 6)
    assert deadlines.add_working_days(friday, 1) == D(2026, 11, 9)
    assert deadlines.add_working_days(friday, 5) == D(2026, 11, 13)
    assert deadlines.add_working_days(friday, 30) == D(2026, 12, 18)


def test_an_allegation_gets_its_deadlines_and_overdue_ones_escalate_once_by_email(in_design, alice, erin, ivan):
    allegation = _allegation(alice, in_design)
    assert allegation.acknowledge_by == D(2026, 11, 13) and allegation.decide_by == D(2026, 12, 18)
    assert actions.escalate_overdue(on=D(2026, 11, 13)) == 0
    assert actions.escalate_overdue(on=D(2026, 11, 16)) == 1
    assert actions.escalate_overdue(on=D(2026, 11, 17)) == 0
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {erin.email, ivan.email}
    assert "Group of about 40" not in mail.outbox[0].body
    assert AuditEntry.objects.filter(verb="safeguards_allegation.escalate").count() == 1


def test_overdue_monitoring_reports_are_detected(in_design, alice):
    arrangement = actions.record_monitoring(alice, in_design, body_name="Ombudsperson", independence_basis="Law",
                                            reporting_every_days=30, started_on=D(2026, 9, 1))
    assert arrangement.is_overdue(on=D(2026, 10, 2))
    actions.record_monitoring_report(alice, arrangement, received_on=D(2026, 10, 1))
    assert not arrangement.is_overdue(on=D(2026, 10, 2))
