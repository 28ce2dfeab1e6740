"""Suspension rules, evaluated whenever their inputs change (called from the actions that change them)."""

from wholeroute.access import audit
from wholeroute.safeguards.models import Allegation, SuspensionProposal, SuspensionRule

SEVERITY_RANK = {s: i for i, s in enumerate(Allegation.Severity.values)}


def evaluate_allegation(user, allegation) -> list[SuspensionProposal]:
    """Fire every active rule that a substantiated allegation meets; one open proposal per rule and allegation."""
    if allegation.status != Allegation.Status.SUBSTANTIATED:
        return []
    fired = []
    rights = set(allegation.rights.values_list("pk", flat=True))
    for rule in SuspensionRule.objects.filter(active=True, kind=SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION):
        concerned = set(rule.obligations.values_list("pk", flat=True))
        if concerned and not rights & concerned:
            continue
        if rule.minimum_severity and SEVERITY_RANK[allegation.severity] < SEVERITY_RANK[rule.minimum_severity]:
            continue
        if SuspensionProposal.objects.filter(rule=rule, allegation=allegation).exists():
            continue
        names = ", ".join(o.title for o in allegation.rights.filter(pk__in=concerned or rights))
        proposal = SuspensionProposal.objects.create(
            partnership=allegation.partnership, rule=rule, allegation=allegation, created_by=user,
            evidence=(f"Allegation received {allegation.received_on:%d %b %Y} ({allegation.get_source_kind_display()}, "
                      f"severity {allegation.get_severity_display().lower()}) substantiated on "
                      f"{allegation.decided_on:%d %b %Y}; rights concerned: {names}. Outcome: {allegation.outcome}"),
        )
        audit.record(user=user, verb="safeguards_proposal.fire", obj=allegation.partnership,
                     after={"proposal": proposal.pk, "rule": rule.code, "allegation": allegation.pk})
        fired.append(proposal)
    return fired
