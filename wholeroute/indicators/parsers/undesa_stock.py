"""UN DESA International Migrant Stock 2024, long table (`undesa_stocks` of IOM's gdidata package).

Columns read: geo (country of destination, ISO3 → geo), t (year), from (country of origin → origin),
sex (female / male), n (persons). The flags type_b, type_c, type_r, type_i (how the destination's estimate
was built: by birthplace, by citizenship, refugees added, imputed) are not read. Skips: empty n.
Vintage: none in the file (the 2024 revision).
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, has_columns, parse_long

FORMAT = "undesa-migrant-stock"
DESCRIPTION = "UN DESA international migrant stock by destination, origin and sex"
LAYOUT = Layout(dataset=DatasetInfo(code="undesa_migrant_stock", title="International migrant stock (UN DESA)",
                                    source="un-desa", unit="persons", frequency="A"),
                period="t", dimensions={"geo": "geo", "from": "origin", "sex": "sex"}, measures={"n": ""})


def sniff(head) -> bool:
    return has_columns(head, LAYOUT.required)


def parse(path):
    return parse_long(path, LAYOUT)
