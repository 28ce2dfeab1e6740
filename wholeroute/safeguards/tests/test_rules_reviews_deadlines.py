"""Suspension rules over indicators, reviews of running partnerships, organisation deadlines, escalation."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from wholeroute.access.models import AuditEntry
from wholeroute.partnerships import actions as partnership_actions
from wholeroute.safeguards import actions, deadlines, reviews, sections
from wholeroute.safeguards.models import Allegation, Obligation, SuspensionProposal, SuspensionRule
from wholeroute.safeguards.tests.conftest import answer_everything

D = datetime.date


@pytest.fixture
def in_implementation(in_design, alice, erin):
    actions.record_monitoring(alice, in_design, body_name="National Preventive Mechanism of Tunisia",
                              independence_basis="OPCAT national preventive mechanism")
    assessment = actions.start_assessment(alice, in_design)
    answer_everything(alice, assessment)
    actions.submit_assessment(alice, assessment)
    actions.approve_assessment(erin, assessment, reason="Risks low and evidenced")
    request = partnership_actions.request_transition(alice, in_design, to_phase="implementation", reason="Ready")
    partnership_actions.approve_transition(erin, request, reason="Agreed")
    in_design.refresh_from_db()
    return in_design


@pytest.fixture
def returns_indicator(in_design, alice):
    return partnership_actions.define_indicator(alice, in_design, name="Returns without an individual decision",
                                                unit="people", measure="count")


def test_a_reported_value_above_a_threshold_proposes_suspension_to_someone_else(
        in_implementation, returns_indicator, alice, erin, ivan):
    rule = actions.define_rule(alice, code="no-returns-without-decision", kind="indicator_threshold",
                               indicator=returns_indicator, comparison="above", threshold=0,
                               description="Any return without an individual decision")
    partnership_actions.report_value(alice, returns_indicator, period="2026-Q3", value="0")
    assert not SuspensionProposal.objects.exists()
    partnership_actions.report_value(alice, returns_indicator, period="2026-Q4", value="14")
    proposal = SuspensionProposal.objects.get(rule=rule)
    assert "14 people in 2026-Q4" in proposal.evidence and "rises above the threshold of 0" in proposal.evidence
    assert proposal.created_by == alice
    assert AuditEntry.objects.filter(verb="safeguards_proposal.fire").count() == 1
    with pytest.raises(PermissionDenied):
        actions.decide_proposal(alice, proposal, accept=True, reason="mine")
    actions.decide_proposal(erin, proposal, accept=False, reason="Data error, corrected next quarter")
    assert SuspensionProposal.objects.get(pk=proposal.pk).status == "rejected"
    assert in_implementation.phase == "implementation"


def test_a_rule_switched_off_does_not_fire_and_switching_it_on_evaluates_it(
        in_implementation, returns_indicator, alice):
    rule = actions.define_rule(alice, code="r1", kind="indicator_threshold", indicator=returns_indicator,
                               comparison="above", threshold=10, description="More than ten")
    actions.set_rule_active(alice, rule, active=False, reason="Indicator being redefined")
    partnership_actions.report_value(alice, returns_indicator, period="2026-Q4", value="14")
    assert not SuspensionProposal.objects.exists()
    actions.set_rule_active(alice, rule, active=True, reason="Indicator fixed")
    assert SuspensionProposal.objects.get().result_value.period == "2026-Q4"


def test_threshold_rules_are_checked_for_completeness_and_only_partnership_editors_define_them(
        in_design, returns_indicator, vera, bob):
    with pytest.raises(ValidationError) as caught:
        actions.define_rule(vera, code="x", kind="indicator_threshold", indicator=returns_indicator,
                            description="d")
    assert set(caught.value.message_dict) == {"comparison", "threshold"}
    for user in (vera, bob):
        with pytest.raises(PermissionDenied):
            actions.define_rule(user, code="x", kind="indicator_threshold", indicator=returns_indicator,
                                comparison="above", threshold=1, description="d")
    assert not SuspensionRule.objects.filter(code="x").exists()


def test_a_running_partnership_always_has_a_review_date_and_overdue_reviews_are_listed(
        in_implementation, alice, erin, client_of):
    started = reviews.implementation_started(in_implementation)
    assert reviews.due_on(in_implementation) == started + reviews.INTERVAL
    late_day = started + reviews.INTERVAL + datetime.timedelta(days=1)
    assert reviews.overdue(type(in_implementation).objects.all(), late_day) == [
        (in_implementation, started + reviews.INTERVAL)]
    actions.complete_review(alice, in_implementation, note="Monitoring reports read; no new risk.", on=late_day)
    assert reviews.due_on(in_implementation) == late_day + reviews.INTERVAL
    assert AuditEntry.objects.filter(verb="safeguards_review.complete").count() == 1
    with pytest.raises(ValidationError, match="past"):
        actions.schedule_review(alice, in_implementation, due_on=D(2020, 1, 1))


def test_an_overdue_review_appears_on_the_approvers_dashboard(in_implementation, alice, erin):
    from wholeroute.safeguards.models import Review

    actions.schedule_review(alice, in_implementation, due_on=datetime.date.today() + datetime.timedelta(days=3))
    assert sections.home(erin)[0].tables == []
    Review.objects.update(due_on=D(2026, 1, 5))  # time passes: the action refuses dates in the past
    section = sections.home(erin)[0]
    assert any("review overdue since 05 Jan 2026" in str(row[2]) for row in section.tables[0].rows)
    assert sections.home(alice) == []


def test_an_organisation_sets_its_own_deadlines_in_working_days(in_design, alice, ivan, ministry, bob):
    with pytest.raises(PermissionDenied):
        actions.set_deadlines(alice, ministry, acknowledgement_days=2, decision_days=10)
    with pytest.raises(PermissionDenied):
        actions.set_deadlines(bob, ministry, acknowledgement_days=2, decision_days=10)
    actions.set_deadlines(ivan, ministry, acknowledgement_days=2, decision_days=10)
    assert deadlines.acknowledgement_days(ministry) == 2
    allegation = actions.record_allegation(
        alice, in_design, received_on=D(2026, 11, 5), source_kind="ombudsperson", severity="medium",
        summary="Detention beyond the legal maximum at the transit centre",
        rights=[Obligation.objects.get(code="cfr-art-6")])
    # Thursday + 2 working days = Monday; + 10 working days = Thursday two weeks later.
    assert (allegation.acknowledge_by, allegation.decide_by) == (D(2026, 11, 9), D(2026, 11, 19))
    with pytest.raises(ValidationError):
        actions.set_deadlines(ivan, ministry, acknowledgement_days=20, decision_days=10)


def test_the_settings_defaults_apply_without_an_organisation_setting(settings, ministry):
    settings.WHOLEROUTE_ALLEGATION_ACK_DAYS, settings.WHOLEROUTE_ALLEGATION_DECISION_DAYS = 3, 12
    assert (deadlines.acknowledgement_days(ministry), deadlines.decision_days(ministry)) == (3, 12)


def test_working_days_skip_the_weekend_both_ways():
    friday, monday = D(2026, 11, 6), D(2026, 11, 9)
    assert deadlines.add_working_days(friday, 1) == monday
    assert deadlines.working_days_between(friday, monday) == 1
    assert deadlines.working_days_between(friday, D(2026, 11, 8)) == 0


def test_escalation_reaches_the_decision_level_once_and_the_command_is_idempotent(in_design, alice, erin, ivan):
    allegation = actions.record_allegation(
        alice, in_design, received_on=D(2026, 11, 6), source_kind="monitoring_body", severity="high",
        summary="Transfers without access to a lawyer", rights=[Obligation.objects.get(code="rd-art-13")])
    actions.advance_allegation(alice, allegation, status="acknowledged", on=D(2026, 11, 10))
    # Decision due 30 working days after Friday 6 November: Friday 18 December; the weekend after is not late yet
    # for the acknowledgement level, which was met.
    assert actions.escalate_overdue(on=D(2026, 12, 18)) == 0
    assert actions.escalate_overdue(on=D(2026, 12, 21)) == 1
    assert Allegation.objects.get(pk=allegation.pk).escalation_level == 2
    assert "Decision overdue" in mail.outbox[0].subject
    call_command("escalate")
    call_command("escalate")
    assert len(mail.outbox) == 1


def test_overdue_allegations_are_on_the_approvers_dashboard_not_the_editors(in_design, alice, erin, bob):
    actions.record_allegation(alice, in_design, received_on=D(2026, 1, 2), source_kind="media", severity="low",
                              summary="Reported overcrowding at the reception centre",
                              rights=[Obligation.objects.get(code="cfr-art-4")])
    rows = sections.home(erin)[0].tables[0].rows
    assert any("acknowledgement overdue since 09 Jan 2026" in row[2] for row in rows)
    assert sections.home(erin)[0].classification == "SENSITIVE"
    assert sections.home(alice) == [] and sections.home(bob) == []
