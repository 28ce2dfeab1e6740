"""UNHCR asylum decisions (`asylum_decisions` table of UNHCR's `refugees` package).

Columns read: year, coo_iso (→ origin), coa_iso (→ asylum), procedure_type, dec_level, dec_pc (P persons,
C cases) as dimensions of the same names, and the measures dec_recognized, dec_other, dec_rejected,
dec_closed, dec_total (dimension `measure`). Identified by dec_recognized + dec_total.
Skips: empty measure cells. Vintage: none in the file (package release 2025.12).
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import parse_long
from wholeroute.indicators.parsers._unhcr import SOURCE, layout, sniffer

FORMAT = "unhcr-asylum-decisions"
DESCRIPTION = "UNHCR asylum decisions by origin and asylum (refugees package table `asylum_decisions`)"
DATASET = DatasetInfo(code="unhcr_asylum_decisions", title="UNHCR asylum decisions by origin and asylum",
                      source=SOURCE, unit="persons or cases (see dec_pc)", frequency="A")
LAYOUT = layout(DATASET, ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"],
                required={"dec_recognized", "dec_total"}, extra_dimensions=("procedure_type", "dec_level", "dec_pc"))
sniff = sniffer(LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
