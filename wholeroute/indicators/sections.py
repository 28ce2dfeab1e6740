"""Statistics on the country and route pages: each chart with its data table, source and vintage."""

import altair as alt
import pandas as pd

from wholeroute.indicators.figures import provenance, yearly
from wholeroute.reports.fiche import Chart, Link, Section, Table


def _bar_chart(title, years, label, table):
    frame = pd.DataFrame({"year": [str(y) for y in years], label: list(years.values())})
    spec = alt.Chart(frame, title=title).mark_bar(color="#003399").encode(
        x=alt.X("year:O", title="Year"), y=alt.Y(f"{label}:Q", title=label)).properties(width=420, height=220).to_dict()
    return Chart(spec=spec, table=table, description=f"{title}: bar chart of {label.lower()} per year, "
                                                      "the same figures as the table beside it")


def route(user, route):
    detections, runs = yearly(user, "frontex_ibc", route=route)
    deaths, death_runs = yearly(user, "iom_mmp_dead_missing", route=route)
    if not detections and not deaths:
        return [Section(key="statistics", title="Flows and loss of life", order=20,
                        empty_message="No statistics loaded for this route yet (wholeroute seed --only indicators).")]
    years = sorted(set(detections) | set(deaths))
    rows = []
    for year in years:
        d, m = detections.get(year), deaths.get(year)
        rate = round(1000 * m / d, 2) if d and m is not None else None
        rows.append([year, d, m, rate])
    table = Table(f"Detections of illegal border-crossing and dead and missing on the {route.name} route, per year",
                  ["Year", "Detections (Frontex)", "Dead and missing (IOM)", "Dead and missing per 1,000 detections"],
                  rows, numeric=[1, 2, 3],
                  notes=["Detections count events, not persons. IOM routes are matched to the Frontex route through "
                         "the route aliases in data/reference/routes.yaml; deaths per 1,000 detections = dead and "
                         "missing ÷ detections × 1,000 (same route, same year)."])
    return [Section(
        key="statistics", title="Flows and loss of life", order=20,
        charts=[_bar_chart(f"Detections on the {route.name} route", detections, "Detections", table)] if detections else [],
        tables=[] if detections else [table],
        links=[Link("Explore the Frontex detections series", "/statistics/frontex_ibc/")],
        sources=["Frontex, FRAN data", "IOM Missing Migrants Project", *provenance(runs + death_runs)],
    )]


def country(user, country):
    if not country.is_country:
        return []
    detections, runs = yearly(user, "frontex_ibc", citizenship=country)
    applicants, asylum_runs = yearly(user, "migr_asyappctza", citizenship=country)
    if not detections and not applicants:
        return []
    years = sorted(set(detections) | set(applicants))
    table = Table(f"Nationals of {country.name}: detections at the EU external border and asylum applicants in the EU, "
                  "per year", ["Year", "Detections (Frontex)", "Asylum applicants (Eurostat)"],
                  [[y, detections.get(y), applicants.get(y)] for y in years], numeric=[1, 2],
                  notes=["Asylum applicants are all applicants (first-time and subsequent), summed over reporting "
                         "countries and sexes (Eurostat migr_asyappctza, as shipped; data/PROVENANCE.md)."])
    series = detections or applicants
    label = "Detections" if detections else "Asylum applicants"
    return [Section(
        key="statistics", title="Flows of nationals", order=20,
        charts=[_bar_chart(f"{label}: nationals of {country.name}", series, label, table)],
        sources=["Frontex, FRAN data", "Eurostat migr_asyappctza", *provenance(runs + asylum_runs)],
    )]
