"""UNHCR population of concern (refugees, asylum-seekers, IDPs, stateless, others): one row per year × country of origin × country of asylum, columns refugees, asylum_seekers, returned_refugees, idps, returned_idps, stateless, ooc, oip, hst.

Countries are read from the ISO columns (coo_iso, coa_iso); the names and UNHCR's own codes are not needed.
Skips: empty measure cells (not reported). Vintage: UNHCR Refugee Data Finder, mid-2024 release of 1951–2023 data.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "unhcr-population"
DESCRIPTION = "UNHCR population of concern (refugees, asylum-seekers, IDPs, stateless, others) (UNHCR Refugee Data Finder CSV)"
LAYOUT = Layout(
    dataset=DatasetInfo(code="unhcr_population", title="UNHCR population of concern (refugees, asylum-seekers, IDPs, stateless, others)", source="unhcr", unit="persons", frequency="A"),
    period="year",
    dimensions={"coo_iso": "origin", "coa_iso": "asylum", },
    measures={"refugees": "refugees", "asylum_seekers": "asylum_seekers", "returned_refugees": "returned_refugees", "idps": "idps", "returned_idps": "returned_idps", "stateless": "stateless", "ooc": "ooc", "oip": "oip", "hst": "hst"},
)
# Distinguishes this table from the other UNHCR tables, which share the key columns.
SIGNATURE = {'stateless', 'returned_idps', 'oip', 'hst', 'ooc', 'returned_refugees', 'idps', 'asylum_seekers', 'refugees'}


def sniff(head) -> bool:
    return header_matches(head, LAYOUT) and SIGNATURE <= set(head.lines[0].split(","))


def parse(path):
    return parse_long(path, LAYOUT)
