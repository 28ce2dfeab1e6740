"""UNHCR durable solutions: one row per year × country of origin × country of asylum, columns returned_refugees, resettlement, naturalisation, returned_idps.

Countries are read from the ISO columns (coo_iso, coa_iso); the names and UNHCR's own codes are not needed.
Skips: empty measure cells (not reported). Vintage: UNHCR Refugee Data Finder, mid-2024 release of 1951–2023 data.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "unhcr-solutions"
DESCRIPTION = "UNHCR durable solutions (UNHCR Refugee Data Finder CSV)"
LAYOUT = Layout(
    dataset=DatasetInfo(code="unhcr_solutions", title="UNHCR durable solutions", source="unhcr", unit="persons", frequency="A"),
    period="year",
    dimensions={"coo_iso": "origin", "coa_iso": "asylum", },
    measures={"returned_refugees": "returned_refugees", "resettlement": "resettlement", "naturalisation": "naturalisation", "returned_idps": "returned_idps"},
)
# Distinguishes this table from the other UNHCR tables, which share the key columns.
SIGNATURE = {'resettlement', 'returned_idps', 'returned_refugees', 'naturalisation'}


def sniff(head) -> bool:
    return header_matches(head, LAYOUT) and SIGNATURE <= set(head.lines[0].split(","))


def parse(path):
    return parse_long(path, LAYOUT)
