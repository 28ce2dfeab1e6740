"""Fragile States Index, long table (`fsi` of IOM's gdidata package; Fund for Peace).

Columns read: geo (ISO3), t (year), code (indicator code C1 … X1 → indicator), v (score 0–10). The columns
rank, total (repeated on each of a country-year's twelve rows) and indicator (the code's English name) are
not read: the total is the sum of the twelve scores. Skips: empty v. Vintage: none in the file.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, has_columns, parse_long

FORMAT = "fsi"
DESCRIPTION = "Fragile States Index long table (geo, t, code, v)"
LAYOUT = Layout(dataset=DatasetInfo(code="fragile_states_index", title="Fragile States Index indicators",
                                    source="fund-for-peace", unit="score (0-10)", frequency="A"),
                period="t", dimensions={"geo": "geo", "code": "indicator"}, measures={"v": ""})


def sniff(head) -> bool:
    return has_columns(head, LAYOUT.required)


def parse(path):
    return parse_long(path, LAYOUT)
