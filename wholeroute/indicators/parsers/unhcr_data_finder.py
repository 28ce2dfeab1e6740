"""UNHCR Refugee Data Finder query export (`population.csv` of a web download).

Layout: a blank line (or a few note lines), then the header "Year", "Country of origin", "Country of origin
(ISO)", "Country of asylum", "Country of asylum (ISO)" and one column per population type. Columns read: Year,
the two ISO columns (→ origin, asylum; "-" means "all countries" of the query and becomes TOTAL; an empty
ISO cell — origin "Unknown" — falls back to the name column "Country of origin" / "Country of asylum") and the
population-type columns that are present, each under the measure name of UNHCR's package table, so the
export joins dataset `unhcr_population` as an earlier vintage:
"Refugees under UNHCR's mandate" → refugees, "Asylum-seekers" → asylum_seekers, "IDPs of concern to UNHCR" →
idps, "Stateless persons" → stateless, "Others of concern" → ooc, "Venezuelans displaced abroad" →
venezuelans_displaced_abroad (kept apart: the later `oip` category is wider).

Skips: empty cells (type not reported for that year). Vintage: "Last updated:" in the `footnotes.csv`
shipped in the same download folder (10 November 2021 for the 2022-02-08 query), else none.
"""

import csv
import datetime
import re
from pathlib import Path

from wholeroute.indicators.parsers._long import Layout, has_columns, parse_long
from wholeroute.indicators.parsers._text import open_text
from wholeroute.indicators.parsers._unhcr import POPULATION

FORMAT = "unhcr-data-finder"
DESCRIPTION = "UNHCR Refugee Data Finder query export (population.csv)"
MEASURES = {
    "Refugees under UNHCR's mandate": "refugees",
    "Asylum-seekers": "asylum_seekers",
    "IDPs of concern to UNHCR": "idps",
    "Venezuelans displaced abroad": "venezuelans_displaced_abroad",
    "Stateless persons": "stateless",
    "Others of concern": "ooc",
}
LAYOUT = Layout(dataset=POPULATION, period="Year",
                dimensions={"Country of origin (ISO)": "origin", "Country of asylum (ISO)": "asylum"},
                measures=MEASURES, required_measures=frozenset({"Refugees under UNHCR's mandate", "Asylum-seekers"}),
                replacements={"-": "TOTAL"},
                fallbacks={"Country of origin (ISO)": "Country of origin", "Country of asylum (ISO)": "Country of asylum"})


def sniff(head) -> bool:
    return has_columns(head, LAYOUT.required)


def vintage_beside(path: Path) -> str:
    """The "Last updated:" date of the footnotes.csv that the Data Finder ships in the same download."""
    notes = Path(path).with_name("footnotes.csv")
    if not notes.exists():
        return ""
    try:
        with open_text(notes) as handle:
            for _, row in zip(range(20), csv.reader(handle), strict=False):
                if len(row) > 1 and row[0].strip().lower().startswith("last updated"):
                    match = re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", row[1])
                    if match:
                        return datetime.datetime.strptime(match.group(0), "%d %B %Y").date().isoformat()
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return ""
    return ""


def parse(path):
    return parse_long(path, LAYOUT, vintage=vintage_beside(path))
