"""What UNHCR's Refugee Data Finder tables share (the `refugees` R package tables and the web query export).

The package tables have one row per year × country of origin × country of asylum, with the country three ways:
a name (`coo_name`), UNHCR's own code (`coo`) and ISO3 (`coo_iso`). Only the ISO3 columns are read — the
names change between releases, the UNHCR codes are not ISO — and each measure column becomes one record
with dimension `measure` = the column name. An empty ISO cell falls back to the name column (none in the
2025.12 release). Which table a file is follows from its measure columns.
"""

from wholeroute.indicators.parsers import DatasetInfo
from wholeroute.indicators.parsers._long import Layout, has_columns

SOURCE = "unhcr"
KEYS = {"year": None, "coo_iso": "origin", "coa_iso": "asylum"}
POPULATION = DatasetInfo(code="unhcr_population", title="UNHCR population of concern, end-year stocks by origin and "
                         "asylum (refugees, asylum-seekers, IDPs, stateless, others)", source=SOURCE, unit="persons",
                         frequency="A")


def layout(dataset: DatasetInfo, measures: list[str], *, required: set[str], extra_dimensions=()) -> Layout:
    """A package table: keys + `extra_dimensions` (column = dimension name) + `measures` (column = measure name).
    `required` are the measure columns that identify the table; the others are read when the edition has them."""
    return Layout(dataset=dataset, period="year",
                  dimensions={"coo_iso": "origin", "coa_iso": "asylum", **{c: c for c in extra_dimensions}},
                  measures={m: m for m in measures}, required_measures=frozenset(required),
                  fallbacks={"coo_iso": "coo_name", "coa_iso": "coa_name"})


def sniffer(table: Layout, *, absent=frozenset()):
    def sniff(head) -> bool:
        return has_columns(head, table.required, set(absent))
    return sniff
