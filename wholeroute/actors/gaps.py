"""The mandate-gap report: for every role a partnership assigns, is it inside the organisation's mandate?

Verdicts:
- ``outside``: the mandate data lists the function as not covered (with the limiting provision and source), or
  the function is permitted only elsewhere (e.g. at EU level, or only in Member States);
- ``not_conferred``: no recorded provision confers the function on the organisation;
- ``unknown``: no mandate is recorded for the organisation (e.g. a partner government or an NGO);
- ``inside``: a recorded provision confers the function where it is carried out.
The first three except ``unknown`` are gaps: the evidence a minister needs when asking for a mandate revision.
"""

from dataclasses import dataclass

from wholeroute.access import policy
from wholeroute.actors.models import MandateEntry, MandateHolder

WHERE_ALLOWED = {
    "member_states": {"member_states"},
    "third_countries": {"third_countries"},
    "member_states_and_third_countries": {"member_states", "third_countries"},
    "eu_level": {"eu_level"},
    "global": {"member_states", "third_countries", "eu_level"},
}
SCOPE_WORDS = {
    "member_states": "in EU Member States only",
    "third_countries": "in third countries only",
    "member_states_and_third_countries": "in Member States and third countries",
    "eu_level": "at EU level only",
    "global": "anywhere",
}

INSIDE, OUTSIDE, NOT_CONFERRED, UNKNOWN = "inside", "outside", "not_conferred", "unknown"
VERDICT_LABELS = {INSIDE: "Inside the mandate", OUTSIDE: "Outside the mandate",
                  NOT_CONFERRED: "No provision confers it", UNKNOWN: "No mandate recorded"}


@dataclass
class Finding:
    assignment: object
    verdict: str
    holder: MandateHolder | None
    entry: MandateEntry | None
    explanation: str

    @property
    def is_gap(self):
        return self.verdict in (OUTSIDE, NOT_CONFERRED)

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]

    @property
    def sources(self):
        if self.entry is None:
            return []
        return [s for s in [self.entry.source, *self.entry.also_seen] if s]


class MandateIndex:
    """All mandates in memory (a few dozen rows), so a report over many roles costs a fixed number of queries."""

    def __init__(self):
        self.holders = list(MandateHolder.objects.prefetch_related("organisations"))
        self.entries = {}
        for e in MandateEntry.objects.select_related("function"):
            self.entries.setdefault((e.holder_id, e.function_id), []).append(e)

    def holder_for(self, organisation):
        if organisation is None:
            return None
        for h in self.holders:
            if any(o.pk == organisation.pk for o in h.organisations.all()) or h.code == organisation.slug:
                return h
        for h in self.holders:
            if organisation.kind in (h.organisation_kinds or []):
                return h
        return None

    def check(self, assignment) -> Finding:
        org = assignment.organisation
        holder = self.holder_for(org)
        if org is None:
            return Finding(assignment, UNKNOWN, None, None, "Open need: no organisation assigned yet.")
        if holder is None:
            return Finding(assignment, UNKNOWN, None, None, f"No mandate is recorded for {org}.")
        entries = self.entries.get((holder.pk, assignment.function_id), [])
        excluded = next((e for e in entries if not e.permitted), None)
        if excluded is not None:
            return Finding(assignment, OUTSIDE, holder, excluded,
                           f"{excluded.text} ({excluded.legal_basis})")
        permitted = [e for e in entries if e.permitted]
        for e in permitted:
            if assignment.where in WHERE_ALLOWED.get(e.geographic_scope, set()):
                return Finding(assignment, INSIDE, holder, e, f"{e.legal_basis}: {e.text}")
        if permitted:
            e = permitted[0]
            return Finding(assignment, OUTSIDE, holder, e,
                           f"{holder.name} may perform this function {SCOPE_WORDS.get(e.geographic_scope, '')}, "
                           f"not {assignment.get_where_display().lower()} ({e.legal_basis}).")
        return Finding(assignment, NOT_CONFERRED, holder, None,
                       f"No provision recorded in the mandate of {holder.name} confers "
                       f"“{assignment.function.label.lower()}”.")


def visible_roles(user, partnership=None):
    from wholeroute.partnerships.models import RoleAssignment

    qs = RoleAssignment.objects.filter(withdrawn_at__isnull=True)
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return policy.visible(qs, user, prefix="partnership__").select_related(
        "partnership", "organisation", "function").order_by("partnership__title", "phase", "role", "id")


def report(user, partnership=None, *, gaps_only=True) -> list[Finding]:
    index = MandateIndex()
    findings = [index.check(a) for a in visible_roles(user, partnership) if a.organisation_id is not None]
    return [f for f in findings if f.is_gap] if gaps_only else findings


CSV_COLUMNS = ["partnership", "classification", "organisation", "phase", "role", "function", "where", "verdict",
               "explanation", "legal basis", "uncertain", "sources"]


def csv_rows(findings):
    for f in findings:
        a = f.assignment
        yield [a.partnership.title, a.partnership.classification, str(a.organisation), a.get_phase_display(),
               a.get_role_display(), a.function.code, a.get_where_display(), f.verdict_label, f.explanation,
               f.entry.legal_basis if f.entry else "", "yes" if f.entry and f.entry.uncertain else "no",
               " ".join(f.sources)]


def open_needs(user):
    from wholeroute.partnerships.models import RoleAssignment

    return policy.visible(
        RoleAssignment.objects.filter(organisation__isnull=True, withdrawn_at__isnull=True), user,
        prefix="partnership__").select_related("partnership", "function").prefetch_related(
        "partnership__countries", "partnership__routes")


def matches(user):
    """[(need, [offers])]: visible offers of the same function and phase whose region covers the partnership."""
    from wholeroute.actors.models import CapacityOffer

    offers = list(CapacityOffer.objects.visible_to(user).select_related("owner", "function").prefetch_related(
        "countries", "routes"))
    index = MandateIndex()
    result = []
    for need in open_needs(user):
        countries = {c.pk for c in need.partnership.countries.all()}
        routes = {r.pk for r in need.partnership.routes.all()}
        fitting = []
        for offer in offers:
            if offer.function_id != need.function_id or offer.phase != need.phase:
                continue
            offer_countries = {c.pk for c in offer.countries.all()}
            offer_routes = {r.pk for r in offer.routes.all()}
            if (offer_countries or offer_routes) and not (offer_countries & countries or offer_routes & routes):
                continue
            # Tell whether taking the offer would itself open a mandate gap.
            need.organisation = offer.owner
            offer.finding = index.check(need)
            need.organisation = None
            fitting.append(offer)
        result.append((need, fitting))
    return result
