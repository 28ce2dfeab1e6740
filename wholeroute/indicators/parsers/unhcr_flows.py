"""UNHCR new displacement flows: one row per year × country of origin × country of asylum, columns refugees, asylum_seekers, refugee_like, oip.

Countries are read from the ISO columns (coo_iso, coa_iso); the names and UNHCR's own codes are not needed.
Skips: empty measure cells (not reported). Vintage: UNHCR Refugee Data Finder, mid-2024 release of 1951–2023 data.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "unhcr-flows"
DESCRIPTION = "UNHCR new displacement flows (UNHCR Refugee Data Finder CSV)"
LAYOUT = Layout(
    dataset=DatasetInfo(code="unhcr_flows", title="UNHCR new displacement flows", source="unhcr", unit="persons", frequency="A"),
    period="year",
    dimensions={"coo_iso": "origin", "coa_iso": "asylum", },
    measures={"refugees": "refugees", "asylum_seekers": "asylum_seekers", "refugee_like": "refugee_like", "oip": "oip"},
)
# Distinguishes this table from the other UNHCR tables, which share the key columns.
SIGNATURE = {'refugees', 'refugee_like', 'oip', 'asylum_seekers'}


def sniff(head) -> bool:
    return header_matches(head, LAYOUT) and SIGNATURE <= set(head.lines[0].split(","))


def parse(path):
    return parse_long(path, LAYOUT)
