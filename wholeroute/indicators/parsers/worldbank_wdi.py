"""World Bank World Development Indicators selection, long table (`wdi` of IOM's gdidata package).

Columns read: iso3 (→ geo), indicator (→ indicator, the package's short name: birth, depend, fdiin, fdiout,
gdp, income, inf, nmig, polstb, pop, remin, remout, unem — WDI codes in docs/statistics-sources.md), year,
value. Skips: empty or NA values. Vintage: none in the file.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, has_columns, parse_long

FORMAT = "worldbank-wdi"
DESCRIPTION = "World Bank WDI long table (iso3, indicator, year, value)"
LAYOUT = Layout(dataset=DatasetInfo(code="worldbank_wdi", title="World Development Indicators (selection)",
                                    source="worldbank", unit="see indicator", frequency="A"),
                period="year", dimensions={"iso3": "geo", "indicator": "indicator"}, measures={"value": ""})


def sniff(head) -> bool:
    return has_columns(head, LAYOUT.required)


def parse(path):
    return parse_long(path, LAYOUT)
