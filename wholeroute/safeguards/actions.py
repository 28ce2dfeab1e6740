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
from wholeroute.safeguards import deadlines, reviews, triggers
from wholeroute.safeguards.models import (
    Allegation,
    AssessmentAnswer,
    DeadlinePolicy,
    LegalReform,
    MonitoringArrangement,
    Obligation,
    ObligationVersion,
    Review,
    RightsAssessment,
    Risk,
    SuspensionProposal,
    SuspensionRule,
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
def record_monitoring_report(user, given, *, received_on):
    arrangement = MonitoringArrangement.objects.select_for_update().get(pk=given.pk)
    policy.require_change(user, arrangement)
    if received_on > datetime.date.today():
        raise ValidationError({"received_on": "A report cannot be received in the future."})
    if arrangement.last_report_on and received_on < arrangement.last_report_on:
        raise ValidationError({"received_on": f"A later report was already received on "
                                              f"{arrangement.last_report_on:%d %b %Y}."})
    before = audit.snapshot(arrangement)
    arrangement.last_report_on = received_on
    arrangement.save(update_fields=["last_report_on"])
    audit.record(user=user, verb="safeguards_monitoring.report_received", obj=arrangement, before=before,
                 after=audit.snapshot(arrangement))
    given.last_report_on = received_on
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
        acknowledge_by=deadlines.add_working_days(received_on, deadlines.acknowledgement_days(partnership.owner)),
        decide_by=deadlines.add_working_days(received_on, deadlines.decision_days(partnership.owner)),
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
    """Set the next periodic review date of a partnership (editors of its owner)."""
    policy.require_change(user, partnership)
    if not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": "Enter the review date as a date (YYYY-MM-DD)."})
    if due_on < datetime.date.today():
        raise ValidationError({"due_on": "A review cannot be scheduled in the past."})
    review = Review.objects.create(partnership=partnership, due_on=due_on, scheduled_by=user)
    audit.record(user=user, verb="safeguards_review.schedule", obj=partnership,
                 after={"review": review.pk, "due_on": due_on})
    return review


@transaction.atomic
def complete_review(user, partnership, *, note, on=None):
    """Record that the periodic review took place; the next one falls due one interval later."""
    policy.require_change(user, partnership)
    if not note.strip():
        raise ValidationError({"note": "Say what the review found."})
    refuse_eu_classified_marking(note, "note")
    refuse_personal_data(note, "note")
    on = on or datetime.date.today()
    due = reviews.due_on(partnership) or on
    review = Review.objects.select_for_update().filter(partnership=partnership, completed_on__isnull=True).order_by(
        "due_on").first() or Review(partnership=partnership, due_on=due, scheduled_by=user)
    review.completed_on, review.completed_by, review.note = on, user, note
    review.save()
    following = Review.objects.create(partnership=partnership, due_on=on + reviews.INTERVAL, scheduled_by=user)
    audit.record(user=user, verb="safeguards_review.complete", obj=partnership,
                 after={"review": review.pk, "completed_on": on, "next_due_on": following.due_on}, reason=note)
    return review


@transaction.atomic
def load_obligation(code, values, *, digest, reason):
    """The seed's verb: create or update a checklist item from legal-framework.yaml when its entry changed.

    An entry whose file text is unchanged is left alone, so admins' edits survive a re-seed.
    """
    obligation = Obligation.objects.select_for_update().filter(code=code).first()
    if obligation is not None and obligation.seed_digest == digest:
        return ""
    before = audit.snapshot(obligation) if obligation else None
    if obligation is None:
        obligation = Obligation(code=code, **values)
        verb = "created"
    else:
        for k, v in values.items():
            setattr(obligation, k, v)
        obligation.version += 1
        verb = "updated"
    obligation.seed_digest = digest
    obligation.full_clean()
    obligation.save()
    _keep_version(obligation, None, reason)
    audit.record(user=None, verb=f"safeguards_obligation.{'load' if verb == 'created' else 'reload'}",
                 obj=obligation, before=before, after=audit.snapshot(obligation), reason=reason)
    return verb


@transaction.atomic
def load_reform(code, values, *, reason):
    """The seed's verb for the adoption status of a reform (legal-framework.yaml `reform_status`)."""
    reform = LegalReform.objects.select_for_update().filter(code=code).first()
    before = audit.snapshot(reform) if reform else None
    if reform is not None and all(getattr(reform, k) == v for k, v in values.items()):
        return False
    reform = reform or LegalReform(code=code)
    for k, v in values.items():
        setattr(reform, k, v)
    reform.full_clean()
    reform.save()
    audit.record(user=None, verb="safeguards_reform.load", obj=reform, before=before, after=audit.snapshot(reform),
                 reason=reason)
    return True


@transaction.atomic
def adopt_checklist(maintainer):
    """The seed names the organisation whose admins keep the checklist items without one."""
    if maintainer is None:
        return 0
    orphans = Obligation.objects.filter(maintainer__isnull=True)
    count = orphans.count()
    if count:
        orphans.update(maintainer=maintainer)
        audit.record(user=None, verb="safeguards_obligation.adopt", obj=maintainer, organisation=maintainer,
                     after={"obligations": count, "maintainer": maintainer.slug})
    return count


def _keep_version(obligation, user, reason):
    ObligationVersion.objects.create(
        obligation=obligation, version=obligation.version, changed_by=user, reason=reason,
        data={k: audit.snapshot(obligation).get(k) for k in Obligation.EDITABLE})


@transaction.atomic
def update_obligation(user, obligation, *, reason, **fields):
    """Admins of the item's maintaining organisation update it as data; the previous version is kept."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    policy.require(obligation.maintainer_id is not None and policy.can_administer(user, obligation.maintainer_id),
                   "Only admins of the organisation maintaining the checklist may change its items.")
    unknown = set(fields) - set(Obligation.EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed here."))
    if not reason.strip():
        raise ValidationError({"reason": "Say why the item changes (e.g. the act was adopted)."})
    for name in ("summary", "guidance", "note"):
        if name in fields:
            refuse_eu_classified_marking(fields[name], name)
    before = audit.snapshot(obligation)
    for k, v in fields.items():
        setattr(obligation, k, v)
    obligation.full_clean()
    after = audit.snapshot(obligation)
    if {k: after[k] for k in fields} == {k: before[k] for k in fields}:
        raise ValidationError("Nothing changed.")
    obligation.version += 1
    obligation.save()
    _keep_version(obligation, user, reason)
    audit.record(user=user, verb="safeguards_obligation.update", obj=obligation,
                 before={k: before[k] for k in [*fields, "version"]},
                 after={k: audit.snapshot(obligation)[k] for k in [*fields, "version"]}, reason=reason)
    return obligation


@transaction.atomic
def set_deadlines(user, organisation, *, acknowledgement_days, decision_days):
    """An organisation's own allegation deadlines, in working days (its admins)."""
    policy.require(policy.can_administer(user, organisation),
                   "Only admins of the organisation may set its allegation deadlines.")
    current = DeadlinePolicy.objects.select_for_update().filter(organisation=organisation).first()
    before = audit.snapshot(current) if current else None
    row = current or DeadlinePolicy(organisation=organisation)
    row.acknowledgement_days, row.decision_days = acknowledgement_days, decision_days
    row.updated_by, row.updated_at = user, timezone.now()
    row.full_clean(exclude=["organisation"])
    if row.acknowledgement_days > row.decision_days:
        raise ValidationError({"acknowledgement_days": "Acknowledgement cannot come after the decision."})
    row.save()
    audit.record(user=user, verb="safeguards_deadlines.set", obj=row, before=before, after=audit.snapshot(row),
                 organisation=organisation)
    return row


def _require_rule_owner(user, rule):
    if user is None:  # the seed, acting as the system
        return
    if rule.indicator_id is not None:
        policy.require_change(user, rule.indicator.partnership)
    else:
        policy.require(rule.owner_id is not None and policy.can_administer(user, rule.owner_id),
                       "Only admins of the organisation owning this rule may change it.")


@transaction.atomic
def define_rule(user, *, code, kind, description, owner=None, obligations=(), minimum_severity="", indicator=None,
                comparison="", threshold=None):
    """A suspension rule as data; it is evaluated at once against what is already recorded."""
    if kind == SuspensionRule.Kind.INDICATOR_THRESHOLD:
        errors = {}
        if indicator is None:
            errors["indicator"] = "Choose the result indicator to watch."
        if comparison not in SuspensionRule.Comparison.values:
            errors["comparison"] = "Choose whether the rule fires above or below the threshold."
        if threshold is None:
            errors["threshold"] = "Enter the threshold as a number."
        if errors:
            raise ValidationError(errors)
        owner = indicator.partnership.owner
    elif kind == SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION:
        if owner is None:
            raise ValidationError({"owner": "Name the organisation whose admins maintain the rule."})
        if indicator is not None or threshold is not None:
            raise ValidationError({"indicator": "An allegation rule watches no indicator."})
    else:
        raise ValidationError({"kind": f"Choose one of {', '.join(SuspensionRule.Kind.values)}."})
    rule = SuspensionRule(code=code, kind=kind, description=description, owner=owner, indicator=indicator,
                          comparison=comparison, threshold=threshold, minimum_severity=minimum_severity,
                          created_by=user)
    _require_rule_owner(user, rule)
    refuse_eu_classified_marking(description, "description")
    rule.full_clean()
    rule.save()
    rule.obligations.set(obligations)
    audit.record(user=user, verb="safeguards_rule.define", obj=rule, after=audit.snapshot(rule),
                 organisation=owner)
    _evaluate(user, rule)
    return rule


def _evaluate(user, rule):
    if rule.kind == SuspensionRule.Kind.INDICATOR_THRESHOLD:
        return triggers.evaluate_rule(user, rule)
    return triggers.evaluate_allegation_rule(user, rule)


@transaction.atomic
def set_rule_active(user, rule, *, active, reason):
    rule = SuspensionRule.objects.select_for_update().get(pk=rule.pk)
    _require_rule_owner(user, rule)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the rule is switched on or off."})
    if rule.active == active:
        raise ValidationError({"active": f"The rule is already {'on' if active else 'off'}."})
    before = {"active": rule.active}
    rule.active = active
    rule.save(update_fields=["active"])
    audit.record(user=user, verb="safeguards_rule.activate" if active else "safeguards_rule.deactivate", obj=rule,
                 before=before, after={"active": active}, reason=reason, organisation=rule.owner)
    if active:
        _evaluate(user, rule)
    return rule


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
