"""UNHCR Refugee Data Finder query export (population.csv): note lines, then "Year", "Country of origin (ISO)",
"Country of asylum (ISO)" and one column per population type. "-" in a country column means all countries
(the query's total). Skips: empty cells."""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "unhcr-data-finder"
DESCRIPTION = "UNHCR Refugee Data Finder query export (population)"
MEASURES = ["Refugees under UNHCR's mandate", "Asylum-seekers", "IDPs of concern to UNHCR",
            "Venezuelans displaced abroad", "Stateless persons", "Others of concern"]
LAYOUT = Layout(
    dataset=DatasetInfo(code="unhcr_population", title="UNHCR population of concern", source="unhcr",
                        unit="persons", frequency="A"),
    period="Year",
    dimensions={"Country of origin (ISO)": "origin", "Country of asylum (ISO)": "asylum"},
    measures={m: m.lower().replace("'", "").replace(" ", "_").replace("-", "_") for m in MEASURES},
    vintage="2022-02-08",
    replacements={"-": "TOTAL"},
)


def sniff(head) -> bool:
    return header_matches(head, LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
