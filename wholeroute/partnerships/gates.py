"""The lifecycle gates: what a partnership needs before it may enter a phase.

`missing_conditions(partnership, to_phase)` lists, in words a desk officer understands, every condition not yet
met. Gates are cumulative: a partnership entering implementation must still meet the design conditions.
Safeguards and funding answer their own questions (wholeroute.safeguards.gates, wholeroute.funding.gates).
"""

import datetime

from wholeroute.partnerships.models import Partnership, RoleAssignment

Phase = Partnership.Phase

# Which phase may follow which, through a request and a second person's approval.
NEXT_PHASES = {
    Phase.EXPLORATION: [Phase.DESIGN],
    Phase.DESIGN: [Phase.IMPLEMENTATION, Phase.EXPLORATION],
    Phase.IMPLEMENTATION: [Phase.MONITORING],
    Phase.MONITORING: [Phase.IMPLEMENTATION],
    Phase.SUSPENDED: [],
    Phase.CLOSED: [],
}

ORDER = [Phase.EXPLORATION, Phase.DESIGN, Phase.IMPLEMENTATION, Phase.MONITORING]


def has_lead_organisation(p) -> bool:
    return p.lead_organisation_id is not None or RoleAssignment.objects.filter(
        partnership=p, role=RoleAssignment.Role.LEAD, organisation__isnull=False, withdrawn_at__isnull=True
    ).exists()


def partner_countries(p):
    """The partnership's countries that are not EU Member States today."""
    from wholeroute.geo.models import GroupingMembership

    today = datetime.date.today()
    eu_members = GroupingMembership.objects.filter(grouping__code="EU", start__lte=today).exclude(
        end__lt=today).values("country_id")
    return p.countries.filter(kind__in=["country", "territory"]).exclude(pk__in=eu_members)


def _design(p) -> list[str]:
    missing = []
    if not has_lead_organisation(p):
        missing.append("a lead organisation")
    if not partner_countries(p).exists():
        missing.append("at least one partner country")
    if not p.scoping_note.strip():
        missing.append("a scoping note")
    return missing


def _implementation(p) -> list[str]:
    from wholeroute.funding import gates as funding
    from wholeroute.safeguards import gates as safeguards

    missing = []
    if not safeguards.has_approved_assessment(p):
        missing.append("an approved rights assessment")
    if not safeguards.has_independent_monitoring(p):
        missing.append("a named independent monitoring arrangement")
    if not (p.no_eu_funds or funding.has_funding_line(p)):
        missing.append('a funding line or an explicit "no EU funds"')
    if not p.legal_instrument.strip():
        missing.append("a legal instrument recorded")
    return missing


def missing_conditions(partnership, to_phase) -> list[str]:
    """Every condition the partnership does not yet meet to enter `to_phase` (empty: the gate is open)."""
    to_phase = Phase(to_phase)
    missing = []
    if to_phase in (Phase.DESIGN, Phase.IMPLEMENTATION, Phase.MONITORING):
        missing += _design(partnership)
    if to_phase in (Phase.IMPLEMENTATION, Phase.MONITORING):
        missing += _implementation(partnership)
    return missing


def gate_table(partnership) -> list[dict]:
    """For the lifecycle page: each gate after the current phase, its conditions and which are missing."""
    rows = []
    for phase in (Phase.DESIGN, Phase.IMPLEMENTATION, Phase.MONITORING):
        missing = missing_conditions(partnership, phase)
        rows.append({"phase": phase, "label": phase.label, "missing": missing, "open": not missing,
                     "next": phase in NEXT_PHASES.get(partnership.phase, [])})
    return rows


CONDITIONS = {
    Phase.DESIGN: ["a lead organisation", "at least one partner country", "a scoping note"],
    Phase.IMPLEMENTATION: ["the design conditions", "an approved rights assessment",
                           "a named independent monitoring arrangement",
                           'a funding line or an explicit "no EU funds"', "a legal instrument recorded"],
    Phase.MONITORING: ["the implementation conditions, still met"],
}
