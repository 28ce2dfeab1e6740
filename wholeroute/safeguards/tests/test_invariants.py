"""Property test: random sequences of actions by random users keep the safeguards invariants after every step.

- no partnership is in implementation without an assessment approved by someone other than its author;
- every successful action leaves at least one new audit row, and a refused one leaves none (no audit gap);
- nothing is hard-deleted: row counts never go down.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from wholeroute.access.models import AuditEntry
from wholeroute.partnerships import actions as partnership_actions
from wholeroute.partnerships.models import Partnership, TransitionRequest
from wholeroute.safeguards import actions
from wholeroute.safeguards.models import Allegation, Obligation, RightsAssessment, SuspensionProposal

REFUSED = (PermissionDenied, ValidationError, PermissionError)
COUNTED = [Partnership, RightsAssessment, Allegation, SuspensionProposal, TransitionRequest, AuditEntry]


@pytest.mark.slow
def test_random_action_sequences_keep_the_safeguards_invariants(in_design, alice, erin, ivan, vera, bob, carol):
    people = [alice, erin, ivan, vera, bob, carol]
    refoulement = Obligation.objects.get(code="cfr-art-19-2")

    class Workflow(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.partnership = in_design
            self.counts = {m: m.objects.count() for m in COUNTED}

        def _do(self, action):
            before = AuditEntry.objects.count()
            try:
                with transaction.atomic():
                    action()
            except REFUSED:
                assert AuditEntry.objects.count() == before, "a refused action left an audit row"
                return
            assert AuditEntry.objects.count() > before, "a successful action left no audit row"

        def _latest(self):
            return RightsAssessment.objects.filter(partnership=self.partnership).order_by("-version").first()

        @rule(who=st.sampled_from(people))
        def start_assessment(self, who):
            self._do(lambda: actions.start_assessment(who, self.partnership))

        @rule(who=st.sampled_from(people), risk=st.sampled_from(["low", "medium", "high"]), mitigate=st.booleans())
        def answer_all(self, who, risk, mitigate):
            assessment = self._latest()
            if assessment is None:
                return

            def answer():
                for item in assessment.answers.select_related("obligation"):
                    actions.answer(who, assessment, item.obligation, risk=risk,
                                   mitigation="Independent monitors at every transfer" if mitigate else "")
            self._do(answer)

        @rule(who=st.sampled_from(people))
        def submit(self, who):
            if self._latest():
                self._do(lambda: actions.submit_assessment(who, self._latest()))

        @rule(who=st.sampled_from(people), approve=st.booleans())
        def decide(self, who, approve):
            if self._latest():
                verb = actions.approve_assessment if approve else actions.return_assessment
                self._do(lambda: verb(who, self._latest(), reason="decided"))

        @rule(who=st.sampled_from(people), to_phase=st.sampled_from(["implementation", "monitoring", "design"]))
        def request_and_approve(self, who, to_phase):
            requests = []
            self._do(lambda: requests.append(partnership_actions.request_transition(
                who, self.partnership, to_phase=to_phase, reason="next step")))
            if requests:
                approver = people[(people.index(who) + 2) % len(people)]
                self._do(lambda: partnership_actions.approve_transition(approver, requests[0], reason="ok"))

        @rule(who=st.sampled_from(people))
        def monitoring(self, who):
            self._do(lambda: actions.record_monitoring(who, self.partnership, body_name="Ombudsperson",
                                                       independence_basis="Constitutional body"))

        @rule(who=st.sampled_from(people), status=st.sampled_from(
            ["acknowledged", "under_assessment", "substantiated", "not_substantiated", "referred"]))
        def allegation(self, who, status):
            existing = Allegation.objects.filter(partnership=self.partnership).exclude(
                status__in=Allegation.CLOSED).first()
            if existing is None:
                self._do(lambda: actions.record_allegation(
                    who, self.partnership, received_on=datetime.date(2026, 11, 2), source_kind="ngo",
                    severity="high", summary="Returns without procedure", rights=[refoulement]))
            else:
                self._do(lambda: actions.advance_allegation(who, existing, status=status, outcome="Assessed"))

        @rule(who=st.sampled_from(people), accept=st.booleans())
        def decide_proposal(self, who, accept):
            proposal = SuspensionProposal.objects.filter(status="proposed").first()
            if proposal is not None:
                self._do(lambda: actions.decide_proposal(who, proposal, accept=accept, reason="decided"))

        @invariant()
        def implementation_needs_an_assessment_approved_by_a_second_person(self):
            for p in Partnership.objects.filter(phase__in=["implementation", "monitoring"]):
                assert RightsAssessment.objects.filter(partnership=p, status="approved").exclude(
                    decided_by=F("created_by")).exclude(decided_by=F("submitted_by")).exists()

        @invariant()
        def nothing_is_hard_deleted(self):
            for model in COUNTED:
                now = model.objects.count()
                assert now >= self.counts[model], f"{model.__name__} rows disappeared"
                self.counts[model] = now

    Workflow.TestCase.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                                          suppress_health_check=list(HealthCheck))
    audit_rows_before = AuditEntry.objects.count()
    Workflow.TestCase().runTest()
    # The machine really acted: successful actions wrote audit rows and assessments exist.
    assert AuditEntry.objects.count() > audit_rows_before + 20
    assert RightsAssessment.objects.exists()
