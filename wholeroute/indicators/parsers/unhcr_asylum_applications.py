"""UNHCR asylum applications: one row per year × country of origin × country of asylum, columns applied.

Countries are read from the ISO columns (coo_iso, coa_iso); the names and UNHCR's own codes are not needed.
Skips: empty measure cells (not reported). Vintage: UNHCR Refugee Data Finder, mid-2024 release of 1951–2023 data.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "unhcr-asylum-applications"
DESCRIPTION = "UNHCR asylum applications (UNHCR Refugee Data Finder CSV)"
LAYOUT = Layout(
    dataset=DatasetInfo(code="unhcr_asylum_applications", title="UNHCR asylum applications", source="unhcr", unit="persons", frequency="A"),
    period="year",
    dimensions={"coo_iso": "origin", "coa_iso": "asylum", "procedure_type": "procedure_type", "app_type": "app_type", "dec_level": "dec_level", "app_pc": "app_pc", },
    measures={"applied": "applied"},
)
# Distinguishes this table from the other UNHCR tables, which share the key columns.
SIGNATURE = {'applied'}


def sniff(head) -> bool:
    return header_matches(head, LAYOUT) and SIGNATURE <= set(head.lines[0].split(","))


def parse(path):
    return parse_long(path, LAYOUT)
