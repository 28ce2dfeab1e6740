"""UNHCR durable solutions (`solutions` table of UNHCR's `refugees` package).

Columns read: year, coo_iso (→ origin), coa_iso (→ asylum), measures returned_refugees, resettlement,
naturalisation, returned_idps (dimension `measure`). Identified by resettlement + naturalisation.
Skips: empty measure cells (not reported). Vintage: none in the file (package release 2025.12).
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import parse_long
from wholeroute.indicators.parsers._unhcr import SOURCE, layout, sniffer

FORMAT = "unhcr-solutions"
DESCRIPTION = "UNHCR durable solutions by origin and asylum (refugees package table `solutions`)"
DATASET = DatasetInfo(code="unhcr_solutions", title="UNHCR durable solutions (returns, resettlement, naturalisation)",
                      source=SOURCE, unit="persons", frequency="A")
LAYOUT = layout(DATASET, ["returned_refugees", "resettlement", "naturalisation", "returned_idps"],
                required={"resettlement", "naturalisation"})
sniff = sniffer(LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
