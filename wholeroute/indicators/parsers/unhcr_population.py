"""UNHCR population of concern, end-year stocks (`population` table of UNHCR's `refugees` package).

Columns read: year, coo_iso (→ origin), coa_iso (→ asylum) and the measures refugees, asylum_seekers,
returned_refugees, idps, returned_idps, stateless, ooc, oip, hst (one record per cell, dimension
`measure`). Identified by idps + stateless. Skips: empty measure cells (not reported; e.g. `oip` before 2022).
Vintage: none in the file (UNHCR package release 2025.12; pass one with `wholeroute import --vintage`).
"""

from wholeroute.indicators.parsers._long import parse_long
from wholeroute.indicators.parsers._unhcr import POPULATION, layout, sniffer

FORMAT = "unhcr-population"
DESCRIPTION = "UNHCR population of concern by origin and asylum (refugees package table `population`)"
MEASURES = ["refugees", "asylum_seekers", "returned_refugees", "idps", "returned_idps", "stateless", "ooc", "oip",
            "hst"]
LAYOUT = layout(POPULATION, MEASURES, required={"refugees", "asylum_seekers", "idps", "stateless"})
sniff = sniffer(LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
