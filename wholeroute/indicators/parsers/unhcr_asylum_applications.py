"""UNHCR asylum applications (`asylum_applications` table of UNHCR's `refugees` package).

Columns read: year, coo_iso (→ origin), coa_iso (→ asylum), procedure_type (G government, U UNHCR, J joint),
app_type (N new, A appeal, R repeat …), dec_level (FI first instance, AR administrative review …), app_pc
(P persons, C cases) as dimensions of the same names, and the measure `applied` (dimension `measure`).
Identified by `applied`. Skips: empty `applied` cells. Vintage: none in the file (package release 2025.12).
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import parse_long
from wholeroute.indicators.parsers._unhcr import SOURCE, layout, sniffer

FORMAT = "unhcr-asylum-applications"
DESCRIPTION = "UNHCR asylum applications by origin and asylum (refugees package table `asylum_applications`)"
DATASET = DatasetInfo(code="unhcr_asylum_applications", title="UNHCR asylum applications by origin and asylum",
                      source=SOURCE, unit="persons or cases (see app_pc)", frequency="A")
LAYOUT = layout(DATASET, ["applied"], required={"applied"},
                extra_dimensions=("procedure_type", "app_type", "dec_level", "app_pc"))
sniff = sniffer(LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
