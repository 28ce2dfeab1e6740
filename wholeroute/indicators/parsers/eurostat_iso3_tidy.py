"""Eurostat asylum applicants, tidy table with ISO3 codes (geo_iso3, year, citizen_iso3, sex, applicants).

Dataset migr_asyappctza, all applicants (first-time and subsequent; data/PROVENANCE.md). Skips: none.
"""

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "eurostat-iso3-tidy"
DESCRIPTION = "Eurostat asylum applicants by citizenship and sex, tidy ISO3 table"
COLUMNS = {"geo_iso3", "year", "citizen_iso3", "sex", "applicants"}
DATASET = DatasetInfo(code="migr_asyappctza", title="Asylum applicants by citizenship and sex (all applicants)",
                      source="eurostat", unit="persons", frequency="A")


def sniff(head) -> bool:
    return bool(head.lines) and COLUMNS <= {c.strip().strip('"') for c in head.lines[0].replace(";", ",").split(",")}


def parse(path):
    header, data = rows(path)
    missing = COLUMNS - set(header)
    if missing:
        yield Problem(path.name, 1, None, f"missing column(s) {', '.join(sorted(missing))}")
        return
    for line, row in data:
        if row.get("__short__"):
            yield Problem(path.name, line, None, f"expected {len(header)} fields, found fewer")
            continue
        year = row["year"].strip()
        if not (len(year) == 4 and year.isdigit()):
            yield Problem(path.name, line, "year", f"expected a year, found {year!r}")
            continue
        try:
            value = number(row["applicants"])
        except ValueError:
            yield Problem(path.name, line, "applicants", f"expected a number, found {row['applicants']!r}")
            continue
        yield Record(DATASET, (("geo", row["geo_iso3"].strip()), ("citizen", row["citizen_iso3"].strip()),
                               ("sex", row["sex"].strip())), year, value, row=line)
