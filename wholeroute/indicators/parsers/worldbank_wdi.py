"""World Bank World Development Indicators, long table (iso3, indicator, year, value). Skips: empty values."""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "worldbank-wdi"
DESCRIPTION = "World Bank WDI long table (iso3, indicator, year, value)"
LAYOUT = Layout(dataset=DatasetInfo(code="worldbank_wdi", title="World Development Indicators (selection)",
                                    source="worldbank", frequency="A"),
                period="year", dimensions={"iso3": "geo", "indicator": "indicator"}, measures={"value": ""})


def sniff(head):
    return header_matches(head, LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
