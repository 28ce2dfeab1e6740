"""The route dashboard (/reports/route/<slug>/dashboard): the map of the route, one row per country on it with
flows, partnerships by phase and committed money, then the route's sections from every app (flows and dead and
missing per year, partnerships, funding, outreach …). Everything is filtered for the reader."""

from collections import Counter, defaultdict

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.funding.ledger import counted_commitments
from wholeroute.indicators.figures import provenance, visible_datasets
from wholeroute.indicators.models import ImportRun, Observation
from wholeroute.partnerships.models import Partnership
from wholeroute.reports import fiche, routemap
from wholeroute.reports.fiche import Link, Section, Table


def _highest(classifications):
    return max(classifications or [Classification.PUBLIC], key=CLASSIFICATION_RANK.__getitem__)


def countries_section(user, route) -> Section:
    members = routemap.roles_of(route)
    countries = [c for c, _ in members]
    observations = Observation.objects.filter(
        series__dataset__in=visible_datasets(user).filter(code="frontex_ibc"), series__route=route,
        series__citizenship__in=countries, value__isnull=False)
    flows = defaultdict(dict)
    for row in (observations.annotate(year=ExtractYear("period_start")).values("series__citizenship_id", "year")
                .annotate(total=Sum("value"))):
        flows[row["series__citizenship_id"]][row["year"]] = row["total"]
    last_year = max((y for f in flows.values() for y in f), default=None)
    deaths = Observation.objects.filter(
        series__dataset__in=visible_datasets(user).filter(code="iom_mmp_dead_missing"), series__route=route,
        value__isnull=False)
    dead = defaultdict(dict)
    for row in (deaths.annotate(year=ExtractYear("period_start"))
                .values("series__dimensions__incident_country", "year").annotate(total=Sum("value"))):
        dead[row["series__dimensions__incident_country"]][row["year"]] = row["total"]
    runs = list(ImportRun.objects.filter(pk__in=observations.values("import_run").distinct()))
    runs += list(ImportRun.objects.filter(pk__in=deaths.values("import_run").distinct()))
    partnerships = list(Partnership.objects.visible_to(user).filter(countries__in=countries)
                        .prefetch_related("countries").distinct())
    phases, classes = defaultdict(Counter), [p.classification for p in partnerships]
    for p in partnerships:
        for c in p.countries.all():
            phases[c.pk][p.get_phase_display()] += 1
    money = defaultdict(int)
    commitments = counted_commitments(user).filter(partnership__countries__in=countries).values(
        "partnership__countries", "classification").annotate(total=Sum("amount_eur"))
    for row in commitments:
        money[row["partnership__countries"]] += row["total"] or 0
        classes.append(row["classification"])
    rows = []
    for country, memberships in members:
        rows.append([Link(country.name, f"/countries/{country.code}/"),
                     ", ".join(m.get_role_display() for m in memberships),
                     flows.get(country.pk, {}).get(last_year) if last_year else None,
                     dead.get(country.code, {}).get(last_year) if last_year else None,
                     ", ".join(f"{n} {phase.lower()}" for phase, n in sorted(phases[country.pk].items())) or "none",
                     money.get(country.pk) or None])
    year_label = str(last_year) if last_year else "latest year"
    return Section(
        key="route-countries", title="Countries on the route", order=5, classification=_highest(classes),
        tables=[Table(f"Countries on the {route.name} route: detections of their nationals on this route "
                      f"({year_label}), partnerships you can see by phase, and committed funding",
                      ["Country", "Role", f"Detections of nationals on this route, {year_label}",
                       f"Dead and missing on this route in the country, {year_label}",
                       "Partnerships by phase", "Committed (EUR, approved)"], rows, numeric=[2, 3, 5],
                      notes=["Detections count border-crossings by nationals of the country (Frontex). Dead and "
                             "missing count IOM incidents on this route by the country where they happened, not by "
                             "nationality; deaths at sea far from a coast have no country and are only in the route "
                             "total ('Flows and loss of life' below). Committed money counts approved commitments to "
                             "partnerships with the country; a partnership with several countries counts for each."])],
        sources=["Frontex, FRAN data", "IOM Missing Migrants Project", *provenance(runs)],
    )


def route_dashboard(user, route) -> list[Section]:
    map_section = Section(key="route-map", title="Map of the route", order=1, charts=[routemap.chart(route)],
                          sources=["Natural Earth via world-atlas 2.0.2 (countries-110m), vendored; roles from "
                                   "data/reference/routes.yaml"])
    sections = [map_section, countries_section(user, route)]
    sections += fiche.collect("route", user, route)
    return sorted(sections, key=lambda s: (s.order, s.title))
