"""IDMC internal displacement, long tables (`idmc_stocks` / `idmc_flows` of IOM's gdidata package).

One module reads both, told apart by their columns (not the file name):
- stocks of internally displaced people: geo, t, cause, sex, age, n → dataset `idmc_idp_stocks`
  (dimensions geo, cause, sex, age);
- new internal displacements in the year: geo, t, cause, n → dataset `idmc_new_displacements`
  (dimensions geo, cause).
`geo` is ISO3, plus IDMC's own codes for disputed areas (e.g. AB9 Abyei), which the resolver knows.
Skips: empty n. Vintage: none in the file.
"""

from wholeroute.indicators.parsers import DatasetInfo, Problem
from wholeroute.indicators.parsers._long import Layout, has_columns, open_table, parse_long

FORMAT = "idmc"
DESCRIPTION = "IDMC internal displacement (IDP stocks by sex and age, or new displacements)"
STOCKS = Layout(dataset=DatasetInfo(code="idmc_idp_stocks", title="Internally displaced people at year end (IDMC)",
                                    source="idmc", unit="persons", frequency="A"),
                period="t", dimensions={"geo": "geo", "cause": "cause", "sex": "sex", "age": "age"}, measures={"n": ""})
NEW = Layout(dataset=DatasetInfo(code="idmc_new_displacements", title="New internal displacements (IDMC)",
                                 source="idmc", unit="movements", frequency="A"),
             period="t", dimensions={"geo": "geo", "cause": "cause"}, measures={"n": ""})


def sniff(head) -> bool:
    return has_columns(head, NEW.required)


def parse(path):
    table = open_table(path, header_at=lambda names: "t" in names)
    if isinstance(table, Problem):
        return iter([table])
    table.close()
    stocks = {"sex", "age"} <= set(table.index)
    return parse_long(path, STOCKS if stocks else NEW)
