"""Fragile States Index, long table (geo, t, rank, total, code, indicator, v): one value per country, year and
indicator code (C1 … X1). Skips: empty values."""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "fsi"
DESCRIPTION = "Fragile States Index long table"
LAYOUT = Layout(dataset=DatasetInfo(code="fragile_states_index", title="Fragile States Index indicators",
                                    source="fund-for-peace", unit="score", frequency="A"),
                period="t", dimensions={"geo": "geo", "code": "indicator"}, measures={"v": ""})


def sniff(head):
    return header_matches(head, LAYOUT) and "rank" in head.lines[0]


def parse(path):
    return parse_long(path, LAYOUT)
