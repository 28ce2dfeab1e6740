"""IDMC internal displacement: stocks of IDPs (geo, t, cause, sex, age, n) and new displacements (geo, t, cause, n).
The same module reads both; sex and age are kept where the table has them. Skips: empty values."""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, parse_long
from wholeroute.indicators.parsers._text import rows

FORMAT = "idmc"
DESCRIPTION = "IDMC internal displacement (stocks by sex and age, or new displacements)"
STOCKS = Layout(dataset=DatasetInfo(code="idmc_idp_stocks", title="Internally displaced people (IDMC)",
                                    source="idmc", unit="persons", frequency="A"),
                period="t", dimensions={"geo": "geo", "cause": "cause", "sex": "sex", "age": "age"}, measures={"n": ""})
NEW = Layout(dataset=DatasetInfo(code="idmc_new_displacements", title="New internal displacements (IDMC)",
                                 source="idmc", unit="movements", frequency="A"),
             period="t", dimensions={"geo": "geo", "cause": "cause"}, measures={"n": ""})


def sniff(head):
    return bool(head.lines) and head.lines[0].replace('"', "").split(",")[:3] == ["geo", "t", "cause"]


def parse(path):
    header, _ = rows(path)
    return parse_long(path, STOCKS if {"sex", "age"} <= set(header) else NEW)

