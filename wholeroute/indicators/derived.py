"""Derived indicators, defined as data: each names its formula and the stored series it is computed from.

A definition is a ratio of two yearly totals (numerator ÷ denominator × scale) matched on the same group
(reporting country, route or citizenship) and year, or the year-on-year change of one yearly total. Inputs
select observations by dataset code and dimension values exactly as they are stored (docs/statistics.md);
only datasets the user may see are used, and a figure is computed only where both inputs are published.
"""

from dataclasses import dataclass, field

from django.db.models import F, Sum
from django.db.models.functions import ExtractYear

from wholeroute.indicators.models import Dataset, Observation

# How a derived figure is grouped → the Observation lookup that gives the group's code.
GROUPS = {
    "reporting_country": "series__reporting_country__code",
    "route": "series__route__slug",
    "citizenship": "series__citizenship__code",
}


@dataclass(frozen=True)
class Input:
    label: str
    dataset: str
    dimensions: dict[str, str] = field(default_factory=dict)  # stored dimension → value; absent = summed over

    def describe(self):
        where = ", ".join(f"{k} = {v}" for k, v in self.dimensions.items())
        return f"{self.label}: {self.dataset}" + (f" ({where})" if where else " (summed over all its series)")


@dataclass(frozen=True)
class Derived:
    code: str
    title: str
    formula: str
    unit: str
    group: str                      # a key of GROUPS
    numerator: Input
    denominator: Input | None = None
    scale: float = 1.0
    note: str = ""

    @property
    def inputs(self):
        return [i for i in (self.numerator, self.denominator) if i is not None]


DEFINITIONS = [
    Derived(
        code="recognition-rate", title="First-instance recognition rate", unit="%", group="reporting_country",
        formula="positive first-instance decisions ÷ all first-instance decisions × 100 (same reporting country, year)",
        numerator=Input("Positive decisions", "migr_asydcfsta",
                        {"decision": "TOTAL_POS", "sex": "T", "age": "TOTAL"}),
        denominator=Input("All decisions", "migr_asydcfsta", {"decision": "TOTAL", "sex": "T", "age": "TOTAL"}),
        scale=100, note="Summed over the citizenship groups the file publishes for each input alike."),
    Derived(
        code="return-rate", title="Return rate", unit="%", group="reporting_country",
        formula="third-country nationals returned ÷ ordered to leave × 100 (same reporting country, citizenship, year)",
        numerator=Input("Returned", "migr_eirtn", {"indic_mg": "Total number of persons returned"}),
        denominator=Input("Ordered to leave", "migr_eiord"), scale=100,
        note="Returns in a year may follow orders of earlier years, so the rate can exceed 100 %."),
    Derived(
        code="dead-missing-per-1000-detections", title="Dead and missing per 1,000 detections", unit="per 1,000",
        group="route",
        formula="IOM dead and missing ÷ Frontex detections of illegal border-crossing × 1,000 (same route, year)",
        numerator=Input("Dead and missing", "iom_mmp_dead_missing"),
        denominator=Input("Detections", "frontex_ibc"), scale=1000,
        note="IOM routes are matched to Frontex routes through the route aliases; detections count events."),
    Derived(
        code="detections-year-on-year", title="Detections, year-on-year change", unit="%", group="route",
        formula="(detections in year t − detections in year t−1) ÷ detections in year t−1 × 100",
        numerator=Input("Detections", "frontex_ibc")),
    Derived(
        code="share-of-eu-asylum-applicants", title="Share of the EU total of asylum applicants", unit="%",
        group="reporting_country",
        formula="asylum applicants in the reporting country ÷ asylum applicants in the EU27 × 100 (same year)",
        numerator=Input("Applicants in the reporting country", "migr_asyappctza"),
        denominator=Input("Applicants in the EU27", "migr_asyappctza", {"geo": "EU27_2020"}), scale=100,
        note="The denominator is the EU27 (from 2020) aggregate as published, not a sum computed here."),
]
BY_CODE = {d.code: d for d in DEFINITIONS}


def totals(user, item: Input, group: str, value: str | None = None) -> dict[tuple[str, int], float]:
    """{(group code, year): total} of an input over the datasets `user` may see; `value` limits to one group."""
    observations = Observation.objects.filter(
        series__dataset__in=Dataset.objects.visible_to(user).filter(code=item.dataset), value__isnull=False,
        **{f"series__dimensions__{k}": v for k, v in item.dimensions.items()})
    if value is not None:
        observations = observations.filter(**{GROUPS[group]: value})
    rows = (observations.annotate(year=ExtractYear("period_start"), group=F(GROUPS[group]))
            .values("group", "year").annotate(total=Sum("value")).order_by("group", "year"))
    return {(r["group"], r["year"]): r["total"] for r in rows if r["group"] is not None}


def compute(user, definition: Derived, value: str | None = None) -> list[dict]:
    """Rows {group, year, value, numerator, denominator}, ordered by group and year; only where defined."""
    top = totals(user, definition.numerator, definition.group, value)
    rows = []
    if definition.denominator is None:  # year-on-year change
        for (group, year), current in sorted(top.items()):
            before = top.get((group, year - 1))
            if before:
                rows.append({"group": group, "year": year, "numerator": current, "denominator": before,
                             "value": round((current - before) / before * 100, 1)})
        return rows
    if definition.denominator.dimensions.get("geo"):  # a published aggregate: the same figure for every group
        aggregate = totals(user, Input("", definition.denominator.dataset,
                                       {k: v for k, v in definition.denominator.dimensions.items() if k != "geo"}),
                           definition.group, definition.denominator.dimensions["geo"])
        bottom = {(g, y): aggregate.get((definition.denominator.dimensions["geo"], y)) for g, y in top}
    else:
        bottom = totals(user, definition.denominator, definition.group, value)
    for key, numerator in sorted(top.items()):
        denominator = bottom.get(key)
        if denominator:
            rows.append({"group": key[0], "year": key[1], "numerator": numerator, "denominator": denominator,
                         "value": round(numerator / denominator * definition.scale, 2)})
    return rows
