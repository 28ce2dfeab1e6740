"""State changes of the safeguards app: one function per verb, one transaction, a permission check, an audit row."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.access.markings import refuse_eu_classified_marking
from wholeroute.access.models import Classification, Membership, Role
from wholeroute.safeguards import deadlines, triggers
from wholeroute.safeguards.models import (
    Allegation,
    AssessmentAnswer,
    MonitoringArrangement,
    Obligation,
    Review,
    RightsAssessment,
    Risk,
    SuspensionProposal,
)
from wholeroute.safeguards.personal_data import refuse_personal_data

# Partnership solution types (partnerships.solutions) → legal-framework.yaml solution types.
SOLUTION_TYPE_MAP = {
    "return-hub": "return_hub", "safe-third-country": "safe_third_country_arrangement",
    "external-processing": "external_processing", "readmission": "readmission", "reintegration": "readmission",
    "anti-smuggling": "anti_smuggling", "border-management": "border_management_support",
    "countering-instrumentalisation": "border_management_support",
}


def applicable_obligations(partnership):
    """Core obligations plus those concerning any of the partnership's solution types."""
    kinds = {SOLUTION_TYPE_MAP[c] for c in partnership.solution_types.values_list("code", flat=True)
             if c in SOLUTION_TYPE_MAP}
    return [o for o in Obligation.objects.all() if o.applies_to_all or kinds & set(o.solution_types)]


def _child_of(parent, **fields):
    """Safeguards records are SENSITIVE, owned like their partnership and linked to it."""
    return dict(partnership=parent, owner=parent.owner, classification=Classification.SENSITIVE, **fields)


@transaction.atomic
def start_assessment(user, partnership) -> RightsAssessment:
    """A new draft version; it starts from the previous version's answers."""
    policy.require_change(user, partnership)
    previous = RightsAssessment.objects.select_for_update().filter(partnership=partnership).order_by("-version").first()
    if previous is not None and previous.status in (RightsAssessment.Status.DRAFT, RightsAssessment.Status.RETURNED,
                                                     RightsAssessment.Status.SUBMITTED):
        raise ValidationError(f"Version {previous.version} is still {previous.get_status_display().lower()}; "
                              "finish it before starting a new one.")
    assessment = RightsAssessment.objects.create(**_child_of(
        partnership, version=(previous.version + 1) if previous else 1,
        based_on=previous, created_by=user))
    assessment.shared_with.set(partnership.shared_with.all())
    carried = {a.obligation_id: a for a in previous.answers.all()} if previous else {}
    AssessmentAnswer.objects.bulk_create([
        AssessmentAnswer(assessment=assessment, obligation=o, **(
            {f: getattr(carried[o.pk], f) for f in ("risk", "evidence", "evidence_url", "mitigation", "responsible_id")}
            if o.pk in carried else {}))
        for o in applicable_obligations(partnership)
    ])
    audit.record(user=user, verb="safeguards_assessment.start", obj=assessment, after=audit.snapshot(assessment))
    return assessment


@transaction.atomic
def answer(user, assessment, obligation, *, risk, evidence="", evidence_url="", mitigation="", responsible=None):
    assessment = RightsAssessment.objects.select_for_update().get(pk=assessment.pk)
    policy.require_change(user, assessment)
    if assessment.is_locked:
        raise ValidationError(f"Version {assessment.version} is {assessment.get_status_display().lower()} and "
                              "cannot be edited.")
    if risk not in Risk.values:
        raise ValidationError({"risk": f"Choose one of {', '.join(Risk.values)}."})
    for field, text in (("evidence", evidence), ("mitigation", mitigation)):
        refuse_eu_classified_marking(text, field)
        refuse_personal_data(text, field)
    item = AssessmentAnswer.objects.get(assessment=assessment, obligation=obligation)
    before = audit.snapshot(item)
    item.risk, item.evidence, item.evidence_url, item.mitigation = risk, evidence, evidence_url, mitigation
    item.responsible = responsible
    item.full_clean(exclude=["assessment", "obligation"])
    item.save()
    audit.record(user=user, verb="safeguards_assessment.answer", obj=assessment, before=before,
                 after=audit.snapshot(item), reason=obligation.code)
    return item


@transaction.atomic
def submit_assessment(user, assessment):
    assessment = RightsAssessment.objects.select_for_update().get(pk=assessment.pk)
    policy.require_change(user, assessment)
    if assessment.status not in (RightsAssessment.Status.DRAFT, RightsAssessment.Status.RETURNED):
        raise ValidationError(f"Only a draft or returned assessment can be submitted, not a {assessment.status} one.")
    unanswered = [a.obligation.code for a in assessment.answers.select_related("obligation") if a.risk == Risk.NOT_ASSESSED]
    if unanswered:
        raise ValidationError(f"Answer every item before submitting; not assessed: {', '.join(unanswered)}.")
    before = audit.snapshot(assessment)
    assessment.status = RightsAssessment.Status.SUBMITTED
    assessment.submitted_by, assessment.submitted_at = user, timezone.now()
    assessment.save()
    audit.record(user=user, verb="safeguards_assessment.submit", obj=assessment, before=before,
                 after=audit.snapshot(assessment))
    return assessment


@transaction.atomic
def approve_assessment(user, assessment, *, reason):
    """A second person approves: an approver of the owner who neither drafted nor submitted it."""
    assessment = RightsAssessment.objects.select_for_update().get(pk=assessment.pk)
    if user is not None and user.pk in (assessment.created_by_id, assessment.submitted_by_id):
        raise PermissionDenied("Four eyes: the author of an assessment cannot approve it.")
    policy.require_approve(user, assessment, author=assessment.created_by)
    if assessment.status != RightsAssessment.Status.SUBMITTED:
        raise ValidationError("Only a submitted assessment can be approved.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for approval."})
    blocking = [a.obligation for a in assessment.answers.select_related("obligation") if a.unmitigated_high_risk]
    if blocking:
        raise ValidationError("An assessment with an unmitigated high risk cannot be approved: "
                              + "; ".join(f"{o.title} ({o.article})" for o in blocking) + ".")
    before = audit.snapshot(assessment)
    RightsAssessment.objects.filter(pk=assessment.pk).update(
        status=RightsAssessment.Status.APPROVED, decided_by=user, decided_at=timezone.now(), decision_reason=reason)
    assessment.refresh_from_db()
    audit.record(user=user, verb="safeguards_assessment.approve", obj=assessment, before=before,
                 after=audit.snapshot(assessment), reason=reason)
    return assessment


@transaction.atomic
def return_assessment(user, assessment, *, reason):
    assessment = RightsAssessment.objects.select_for_update().get(pk=assessment.pk)
    policy.require_approve(user, assessment, author=assessment.created_by)
    if assessment.status != RightsAssessment.Status.SUBMITTED:
        raise ValidationError("Only a submitted assessment can be returned.")
    if not reason.strip():
        raise ValidationError({"reason": "Say what must change."})
    before = audit.snapshot(assessment)
    assessment.status = RightsAssessment.Status.RETURNED
    assessment.decided_by, assessment.decided_at, assessment.decision_reason = user, timezone.now(), reason
    assessment.save()
    audit.record(user=user, verb="safeguards_assessment.return", obj=assessment, before=before,
                 after=audit.snapshot(assessment), reason=reason)
    return assessment


@transaction.atomic
def record_monitoring(user, partnership, *, body_name, independence_basis, access_places="", access_documents="",
                      reporting_every_days=90, body=None, started_on=None):
    policy.require_change(user, partnership)
    arrangement = MonitoringArrangement(**_child_of(
        partnership, body_name=body_name, body=body, independence_basis=independence_basis,
        access_places=access_places, access_documents=access_documents, reporting_every_days=reporting_every_days,
        started_on=started_on or datetime.date.today(), created_by=user))
    arrangement.full_clean()
    arrangement.save()
    audit.record(user=user, verb="safeguards_monitoring.create", obj=arrangement, after=audit.snapshot(arrangement))
    return arrangement


@transaction.atomic
def record_monitoring_report(user, arrangement, *, received_on):
    policy.require_change(user, arrangement)
    before = audit.snapshot(arrangement)
    arrangement.last_report_on = received_on
    arrangement.save(update_fields=["last_report_on"])
    audit.record(user=user, verb="safeguards_monitoring.report_received", obj=arrangement, before=before,
                 after=audit.snapshot(arrangement))
    return arrangement


@transaction.atomic
def record_allegation(user, partnership, *, received_on, source_kind, severity, summary, rights, country=None,
                      route=None, classification=Classification.SENSITIVE):
    """Register an allegation; deadlines in working days; personal identifiers refused."""
    policy.require(policy.can_create(user, partnership.owner) and policy.can_view(user, partnership),
                   "Only editors of the partnership's owning organisation may register allegations.")
    refuse_personal_data(summary, "summary")
    if not rights:
        raise ValidationError({"rights": "Name at least one right concerned."})
    allegation = Allegation(
        partnership=partnership, owner=partnership.owner, classification=classification, country=country, route=route,
        received_on=received_on, source_kind=source_kind, severity=severity, summary=summary, created_by=user,
        acknowledge_by=deadlines.add_working_days(received_on, deadlines.acknowledgement_days()),
        decide_by=deadlines.add_working_days(received_on, deadlines.decision_days()),
    )
    allegation.full_clean()
    allegation.save()
    allegation.rights.set(rights)
    allegation.shared_with.set(partnership.shared_with.all())
    audit.record(user=user, verb="safeguards_allegation.record", obj=allegation, after=audit.snapshot(allegation))
    return allegation


@transaction.atomic
def advance_allegation(user, allegation, *, status, outcome="", follow_up="", on=None):
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    policy.require_change(user, allegation)
    if status not in Allegation.NEXT.get(allegation.status, set()):
        raise ValidationError({"status": f"An allegation that is {allegation.get_status_display().lower()} cannot "
                                         f"become {Allegation.Status(status).label.lower()}."})
    if status in Allegation.CLOSED and not outcome.strip():
        raise ValidationError({"outcome": "Record the outcome."})
    refuse_personal_data(outcome, "outcome")
    refuse_personal_data(follow_up, "follow_up")
    before = audit.snapshot(allegation)
    today = on or datetime.date.today()
    allegation.status = status
    if status == Allegation.Status.ACKNOWLEDGED:
        allegation.acknowledged_on = today
    if status in Allegation.CLOSED:
        allegation.decided_on, allegation.outcome, allegation.follow_up = today, outcome, follow_up
    allegation.save()
    audit.record(user=user, verb="safeguards_allegation.advance", obj=allegation, before=before,
                 after=audit.snapshot(allegation))
    triggers.evaluate_allegation(user, allegation)
    return allegation


@transaction.atomic
def decide_proposal(user, proposal, *, accept: bool, reason: str):
    """An approver decides on a proposed suspension; whoever fired the rule cannot (four eyes)."""
    from wholeroute.partnerships import actions as partnership_actions

    proposal = SuspensionProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != SuspensionProposal.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    policy.require_approve(user, proposal.partnership, author=proposal.created_by)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    before = {"status": proposal.status}
    proposal.status = SuspensionProposal.Status.ACCEPTED if accept else SuspensionProposal.Status.REJECTED
    proposal.decided_by, proposal.decided_at, proposal.reason = user, timezone.now(), reason
    proposal.save()
    audit.record(user=user, verb="safeguards_proposal.decide", obj=proposal.partnership, before=before,
                 after={"status": proposal.status, "proposal": proposal.pk}, reason=reason)
    if accept:
        partnership_actions.suspend(user, proposal.partnership, reason=reason, proposal=proposal)
    return proposal


@transaction.atomic
def schedule_review(user, partnership, *, due_on):
    policy.require_change(user, partnership)
    review = Review.objects.create(partnership=partnership, due_on=due_on)
    audit.record(user=user, verb="safeguards_review.schedule", obj=partnership, after={"review_due_on": due_on})
    return review


@transaction.atomic
def complete_review(user, review, *, note):
    policy.require_change(user, review.partnership)
    review.completed_on, review.completed_by, review.note = datetime.date.today(), user, note
    review.save()
    audit.record(user=user, verb="safeguards_review.complete", obj=review.partnership,
                 after={"review": review.pk, "completed_on": review.completed_on}, reason=note)
    return review


def escalate_overdue(on=None) -> int:
    """E-mail the approvers of the owning organisation once per overdue level; returns e-mails sent."""
    on = on or datetime.date.today()
    sent = 0
    for allegation in Allegation.objects.filter(withdrawn_at__isnull=True).exclude(status__in=Allegation.CLOSED):
        late = allegation.overdue(on)
        level = {"acknowledgement": 1, "decision": 2}.get(late, 0)
        if level <= allegation.escalation_level:
            continue
        with transaction.atomic():
            locked = Allegation.objects.select_for_update().get(pk=allegation.pk)
            if level <= locked.escalation_level:
                continue
            recipients = list(Membership.objects.filter(
                organisation=locked.owner, role__in=[Role.APPROVER, Role.ADMIN], ended_at__isnull=True,
                user__is_active=True).values_list("user__email", flat=True))
            send_mail(
                subject=f"[wholeroute] {late.capitalize()} overdue: allegation of {locked.received_on:%d %b %Y}",
                message=(f"The {late} of an allegation concerning {locked.partnership} was due on "
                         f"{locked.acknowledge_by if level == 1 else locked.decide_by:%d %b %Y}.\n"
                         "Open wholeroute to act on it. (No details are sent by e-mail.)"),
                from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients,
            )
            before = {"escalation_level": locked.escalation_level}
            Allegation.objects.filter(pk=locked.pk).update(escalation_level=level)
            audit.record(user=None, verb="safeguards_allegation.escalate", obj=locked, before=before,
                         after={"escalation_level": level, "recipients": len(recipients)})
            sent += 1
    return sent
