"""IOM Missing Migrants Project in its download layouts: the Europe-routes file ("Incident year", "Incident
month", "No. dead/missing", "Route", "Country of Incident") and the global export ("Incident Date" such as
"Thu, 01/01/2026 - 12:00", "Number Dead", "Minimum Estimated Number of Missing", "Migration route").
Incidents are summed to dead and missing per month × route (× country of incident where given); no incident
detail is kept. Skips: incidents without any dead or missing figure."""

import re
from collections import defaultdict

from wholeroute.indicators.parsers import DatasetInfo, Problem, Record
from wholeroute.indicators.parsers._text import number, rows

FORMAT = "iom-mmp-download"
DESCRIPTION = "IOM Missing Migrants download CSV (Europe routes file or global export)"
EUROPE = {"Incident year", "Incident month", "No. dead/missing", "Route", "Country of Incident"}
GLOBAL = {"Incident Date", "Number Dead", "Minimum Estimated Number of Missing", "Migration route"}


def sniff(head):
    if not head.lines:
        return False
    names = {c.strip().strip('"') for c in re.split(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", head.lines[0])}
    return EUROPE <= names or GLOBAL <= names


def _number(cell):
    cell = (cell or "").strip()
    return number(cell) if cell else None


def parse(path):
    header, data = rows(path)
    europe = EUROPE <= set(header)
    if not europe and not GLOBAL <= set(header):
        yield Problem(path.name, 1, None, f"expected the MMP columns {sorted(EUROPE)} or {sorted(GLOBAL)}")
        return
    dataset = DatasetInfo(code="iom_mmp_europe" if europe else "iom_mmp_global_export",
                          title="Dead and missing migrants (IOM MMP, " + ("Europe routes file)" if europe else "global export)"),
                          source="iom-mmp", unit="persons", frequency="M")
    totals, first = defaultdict(float), {}
    for line, row in data:
        try:
            if europe:
                month = f"{int(float(row['Incident year'])):04d}-{int(float(row['Incident month'])):02d}"
                value = _number(row["No. dead/missing"])
                dims = (("mmp_route", row["Route"].strip() or "Undefined"),
                        ("incident_country", row["Country of Incident"].strip() or "Unknown"))
            else:
                match = re.search(r"(\d{2})/(\d{2})/(\d{4})", row["Incident Date"])
                if not match:
                    yield Problem(path.name, line, "Incident Date", f"expected a date like 01/01/2026, found {row['Incident Date']!r}")
                    continue
                month = f"{match.group(3)}-{match.group(1)}"
                dead, missing = _number(row["Number Dead"]), _number(row["Minimum Estimated Number of Missing"])
                value = None if dead is None and missing is None else (dead or 0) + (missing or 0)
                dims = (("mmp_route", row["Migration route"].strip() or "Undefined"),)
        except (ValueError, KeyError) as exc:
            yield Problem(path.name, line, None, f"expected numbers for year, month and deaths ({exc})")
            continue
        if value is None:
            continue
        totals[(month, dims)] += value
        first.setdefault((month, dims), line)
    for (month, dims), value in sorted(totals.items()):
        yield Record(dataset, dims, month, value, row=first[(month, dims)])
