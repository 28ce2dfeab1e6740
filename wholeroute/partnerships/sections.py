"""What partnerships add to the country page, the route page and the home dashboard (reports.fiche.Section)."""

from django.urls import reverse

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.partnerships import results
from wholeroute.partnerships.models import Partnership, RoleAssignment, SolutionType, TransitionRequest
from wholeroute.reports.fiche import Link, Section, Table

ACTIVE = [Partnership.Phase.EXPLORATION, Partnership.Phase.DESIGN, Partnership.Phase.IMPLEMENTATION,
          Partnership.Phase.MONITORING]


def _highest(items):
    return max((p.classification for p in items), key=CLASSIFICATION_RANK.__getitem__,
               default=Classification.PUBLIC)


def _link(p):
    return Link(p.title, reverse("partnerships:detail", args=[p.pk]))


def _phase(p):
    return p.get_phase_display() + (" (imported)" if p.phase_imported else "")


def _rollup_table(rows, caption):
    return Table(caption=caption,
                 columns=["Indicator or beneficiary group", "Unit", "Measure", "Rolled-up value", "Partnerships",
                          "Periods", "Flags"],
                 rows=[[r.label, r.unit, r.measure, float(r.total) if r.total is not None else None, r.partnerships,
                        r.periods, "; ".join(r.flags) or "none"] for r in rows],
                 numeric=[3, 4],
                 notes=["Cumulative counts: latest period per partnership, never summed across periods. Ratios: "
                        "summed numerators over summed denominators."])


def country(user, country) -> list[Section]:
    qs = list(Partnership.objects.visible_to(user).filter(countries=country).prefetch_related(
        "solution_types").order_by("title"))
    roles = list(RoleAssignment.objects.filter(partnership__in=qs, withdrawn_at__isnull=True).select_related(
        "organisation", "function", "partnership"))
    by_p = {}
    for r in roles:
        by_p.setdefault(r.partnership_id, []).append(r)
    section = Section(
        key="partnerships", title="Partnerships", order=30, classification=_highest(qs),
        empty_message=f"No partnership with {country.name} that you may see.",
        tables=[Table(
            caption=f"Partnerships with {country.name}",
            columns=["Partnership", "Solution types", "Phase", "Status", "Roles"],
            rows=[[_link(p), "; ".join(s.name for s in p.solution_types.all()), _phase(p),
                   p.status_text + (f" (as of {p.status_as_of})" if p.status_as_of else ""),
                   "; ".join(f"{r.organisation or 'open need'}: {r.get_role_display().lower()} — {r.function.label}"
                             for r in by_p.get(p.pk, []))]
                  for p in qs])] if qs else [],
        links=[Link("All partnerships with this country",
                    reverse("partnerships:list") + f"?country={country.code}")] if qs else [],
    )
    sections = [section]
    indicators = results.indicators_for_country(user, country)
    rolled = results.rollup(indicators, user)
    if rolled:
        sections.append(Section(key="partnership-results", title="Results of partnerships", order=31,
                                classification=section.classification,
                                tables=[_rollup_table(rolled, f"Results rolled up for {country.name}")]))
    return sections


GAP_CHECKS = {
    # route role → solution types whose absence is a visible gap for a country in that role
    "departure": ["anti-smuggling", "border-management"],
    "transit": ["anti-smuggling", "protection-in-region"],
    "origin": ["readmission", "reintegration", "legal-pathway"],
}


def route(user, route) -> list[Section]:
    from wholeroute.geo.models import RouteCountry

    route_countries = list(RouteCountry.objects.filter(route=route).select_related("country"))
    country_ids = {rc.country_id for rc in route_countries}
    visible = list(Partnership.objects.visible_to(user).filter(countries__in=country_ids).distinct()
                   .prefetch_related("solution_types", "countries"))
    by_country = {}
    for p in visible:
        for c in p.countries.all():
            if c.pk in country_ids:
                by_country.setdefault(c.pk, []).append(p)
    names = {s.code: s.name for s in SolutionType.objects.all()}
    tables = []
    paragraphs = []
    for role in RouteCountry.ROLE_ORDER:
        rows = []
        for rc in sorted((rc for rc in route_countries if rc.role == role), key=lambda rc: rc.country.name):
            ps = sorted(by_country.get(rc.country_id, []), key=lambda p: p.title)
            active = [p for p in ps if p.phase in ACTIVE]
            covered = {s.code for p in active for s in p.solution_types.all()}
            missing = [names[code] for code in GAP_CHECKS.get(role, []) if code not in covered]
            rows.append([
                Link(rc.country.name, reverse("geo:country", args=[rc.country.code])),
                len(ps),
                "; ".join(f"{p.title} — {_phase(p)}" for p in ps) or "none",
                ("no " + ", no ".join(missing).lower()) if missing else "–",
            ])
            if missing and role == "departure":
                paragraphs.append(f"Gap: {rc.country.name} (departure) has no active "
                                  f"{' or '.join(m.lower() for m in missing)} cooperation you may see.")
        if rows:
            tables.append(Table(caption=f"{RouteCountry.Role(role).label} countries on the {route.name} route",
                                columns=["Country", "Partnerships", "Partnerships and phases", "Gaps"],
                                rows=rows, numeric=[1]))
    sections = [Section(
        key="partnerships-along-route", title="Partnerships along the route", order=30,
        classification=_highest(visible), tables=tables, paragraphs=paragraphs,
        empty_message="No countries recorded on this route.",
        links=[Link("Partnerships linked to this route", reverse("partnerships:list") + f"?route={route.slug}")],
    )]
    rolled = results.rollup(results.indicators_for_route(user, route), user)
    if rolled:
        sections.append(Section(key="partnership-results", title="Results of partnerships on this route", order=31,
                                classification=_highest(visible),
                                tables=[_rollup_table(rolled, f"Results rolled up for the {route.name} route")]))
    return sections


def home(user) -> list[Section]:
    if not getattr(user, "is_authenticated", False):
        return []
    org_ids = list(policy.roles(user))
    mine = list(Partnership.objects.visible_to(user).filter(owner_id__in=org_ids).order_by("phase", "title"))
    awaiting = [r for r in TransitionRequest.objects.filter(
        status=TransitionRequest.Status.PENDING, partnership__owner_id__in=org_ids).select_related(
        "partnership", "requested_by") if policy.can_approve(user, r.partnership, author=r.requested_by)]
    sections = [Section(
        key="my-partnerships", title="Your organisation's partnerships", order=20, classification=_highest(mine),
        empty_message="Your organisation owns no partnership yet.",
        tables=[Table(caption="Partnerships by phase", columns=["Phase", "Partnership", "Status"],
                      rows=[[_phase(p), _link(p), p.status_text] for p in mine])] if mine else [],
        links=[Link("New partnership", reverse("partnerships:create"))],
    )]
    if awaiting:
        sections.append(Section(
            key="transitions-awaiting", title="Transitions awaiting your approval", order=10,
            classification=_highest([r.partnership for r in awaiting]),
            tables=[Table(caption="Requests you may approve (you did not make them)",
                          columns=["Partnership", "Move", "Requested by", "Reason"],
                          rows=[[Link(r.partnership.title, reverse("partnerships:lifecycle", args=[r.partnership_id])),
                                 f"{r.get_from_phase_display()} → {r.get_to_phase_display()}", str(r.requested_by),
                                 r.reason] for r in awaiting])]))
    return sections
