"""UNHCR new displacement in the year (`flows` table of UNHCR's `refugees` package).

Columns read: year, coo_iso (→ origin), coa_iso (→ asylum), measures refugees, asylum_seekers, refugee_like,
oip (dimension `measure`). Identified by refugee_like without idps (the population table has idps).
Skips: empty measure cells (not reported). Vintage: none in the file (package release 2025.12).
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import parse_long
from wholeroute.indicators.parsers._unhcr import SOURCE, layout, sniffer

FORMAT = "unhcr-flows"
DESCRIPTION = "UNHCR new displacement flows by origin and asylum (refugees package table `flows`)"
DATASET = DatasetInfo(code="unhcr_flows", title="UNHCR new displacement in the year by origin and asylum",
                      source=SOURCE, unit="persons", frequency="A")
LAYOUT = layout(DATASET, ["refugees", "asylum_seekers", "refugee_like", "oip"], required={"refugees", "refugee_like"})
sniff = sniffer(LAYOUT, absent={"idps"})


def parse(path):
    return parse_long(path, LAYOUT)
