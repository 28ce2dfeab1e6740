"""UN DESA international migrant stock (geo = destination, t, from = origin, sex, n, type flags). Skips: none."""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, header_matches, parse_long

FORMAT = "undesa-migrant-stock"
DESCRIPTION = "UN DESA international migrant stock by destination, origin and sex"
LAYOUT = Layout(dataset=DatasetInfo(code="undesa_migrant_stock", title="International migrant stock (UN DESA)",
                                    source="un-desa", unit="persons", frequency="A"),
                period="t", dimensions={"geo": "geo", "from": "origin", "sex": "sex"}, measures={"n": ""})


def sniff(head):
    return header_matches(head, LAYOUT)


def parse(path):
    return parse_long(path, LAYOUT)
