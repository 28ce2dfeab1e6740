"""Every column of every shipped data file that holds country names or codes, and a reader for its values.

Used by the zero-unresolved test; the data files are the real ones under data/ (see data/PROVENANCE.md).
"""

import csv
import gzip
import io
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parents[3] / "data"

# (file, columns, scheme, separator inside a cell or None)
CSV_COLUMNS = [
    ("context/fragile_states_index_long.csv.gz", ["geo"], None, None),
    ("context/idmc_idp_stocks_2024.csv", ["geo"], None, None),
    ("context/idmc_new_displacements.csv", ["geo"], None, None),
    ("context/undesa_international_migrant_stock.csv.gz", ["geo", "from"], None, None),
    ("eurostat/legacy_export_2017/migr_asyappctza_1_Data-2017-05-31-ADDED.csv", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_asydcfsta_2017-04-26.csv", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eiord_1_Data.csv", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eiord_Data_allcitizens.csv.gz", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eipre_1_Data_allcitizens.csv.gz", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eirfs_Data_allcitizenships.csv.gz", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eirtn_1_Data.csv", ["GEO", "CITIZEN"], None, None),
    ("eurostat/legacy_export_2017/migr_eirtn_Data_allcitizens.csv.gz", ["GEO", "CITIZEN"], None, None),
    ("eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv", ["geo_iso3", "citizen_iso3"], None, None),
    ("eurostat/migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv",
     ["citizen", "Country of citizenship", "geo", "Geopolitical entity (reporting)"], None, None),
    ("eurostat/migr_eipre_illegally_present_2014_2023.csv", ["citizen", "geo"], None, None),
    ("eurostat/migr_eirfs_refused_entry_2014_2023.csv", ["citizen", "geo"], None, None),
    ("eurostat/tps00170_first_permits_2012_2023.csv", ["citizen", "geo"], None, None),
    ("frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv", ["nationality_iso3"], None, None),
    ("frontex/frontex_return_operations_returnees_2006_2022.csv", ["MSNAME", "DEST"], None, None),
    ("iati_eutf/EUTF_akvo_recipients.csv", ["recipient_country"], None, None),
    ("iati_eutf/EUTF_projects_akvo.csv", ["recipient_country"], None, ","),
    ("iati_eutf/EUTF_recipients_budgets.csv", ["country"], None, None),
    ("iom_mmp/MissingMigrants-Global-2026-05-06_January2026_rows.csv", ["Country of Origin"], None, ","),
    ("iom_mmp/mmp_europe_related_routes_2014_2023.csv", ["Country of Origin", "Country of Incident"], None, ","),
    ("iom_mmp/mmp_incidents_global_2014-01_2023-12.csv", ["country_iso3", "origin_iso3"], None, ","),
    ("unhcr/refugee_data_finder_query_2022-02-08/population.csv",
     ["Country of origin", "Country of origin (ISO)", "Country of asylum", "Country of asylum (ISO)"], None, None),
    ("unhcr/unhcr_countries.csv", ["iso_code", "name"], None, None),
    ("unhcr/unhcr_countries.csv", ["unhcr_code"], "unhcr", None),
    ("worldbank/wdi_indicators_long_1950_2021.csv.gz", ["iso3"], None, None),
]
for _name in ["asylum_applications_2000_2023", "asylum_decisions_2000_2023", "flows_1962_2023",
              "population_1951_2023", "solutions_1959_2023"]:
    CSV_COLUMNS.append((f"unhcr/unhcr_{_name}.csv.gz", ["coo_name", "coo_iso", "coa_name", "coa_iso"], None, None))
    CSV_COLUMNS.append((f"unhcr/unhcr_{_name}.csv.gz", ["coo", "coa"], "unhcr", None))

XLSX_COLUMNS = [
    # (file, sheet, header row index, column label)
    ("frontex/Monthly_detections_of_IBC_20220204.xlsx", "Detections_of_IBC", 0, "Nationality"),
    ("eurostat/migr_asyappctzm_custom_EU27_African_citizenships_2020-02_2021-11.xlsx", "Sheet 1", 11, "CITIZEN (Labels)"),
    ("eurostat/migr_asyappctzm_custom_EU28_African_citizenships_2008-01_2020-01.xlsx", "Sheet 1", 11, "CITIZEN (Labels)"),
]
# Other workbook sheets that list countries: (file, sheet, first data row, column index, label column index or
# None, label that marks a country row or None).
XLSX_LISTS = [
    # Frontex's Dictionary sheet lists every nationality it codes (first column).
    ("frontex/Monthly_detections_of_IBC_20220204.xlsx", "Dictionary", 1, 0, None, None),
    # Eurostat data-browser Structure sheets list the positions of each dimension (label in column B).
    ("eurostat/migr_asyappctzm_custom_EU27_African_citizenships_2020-02_2021-11.xlsx", "Structure", 3, 2, 1,
     {"Country of citizenship", "Geopolitical entity (reporting)"}),
    ("eurostat/migr_asyappctzm_custom_EU28_African_citizenships_2008-01_2020-01.xlsx", "Structure", 3, 2, 1,
     {"Country of citizenship", "Geopolitical entity (reporting)"}),
]
# Documented cells that are not areas at all: Frontex itself appears as the organiser in MSNAME of the
# returns file; the returns parser records it as the organiser, not as a country.
NOT_AREAS = {("frontex/frontex_return_operations_returnees_2006_2022.csv", "MSNAME"): {"Frontex"}}
# Values that are not country cells (empty, or a footnote line in a data-browser export).
BLANKS = {"", "NA", "N/A", "-"}


def _open_text(path: Path):
    raw = gzip.open(path, "rb").read() if path.suffix == ".gz" else path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # some publisher exports are Windows-1252
        text = raw.decode("cp1252")
    lines = text.splitlines()
    # The Refugee Data Finder export has blank and preamble lines before its header.
    while lines and ("," not in lines[0] and ";" not in lines[0]):
        lines.pop(0)
    delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    return csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter)


def country_values():
    """Yield (file, column, scheme, distinct values)."""
    for name, columns, scheme, separator in CSV_COLUMNS:
        values = {c: set() for c in columns}
        for row in _open_text(DATA / name):
            for column in columns:
                cell = (row.get(column) or "").strip()
                parts = cell.split(separator) if separator else [cell]
                values[column].update(p.strip() for p in parts)
        for column in columns:
            yield name, column, scheme, values[column] - BLANKS - NOT_AREAS.get((name, column), set())
    for name, sheet, header_row, label in XLSX_COLUMNS:
        ws = openpyxl.load_workbook(DATA / name, read_only=True)[sheet]
        rows = ws.iter_rows(values_only=True)
        header = None
        found = set()
        for index, row in enumerate(rows):
            if index == header_row:
                header = list(row)
                position = header.index(label)
                continue
            if header is None or row is None or position >= len(row) or row[position] is None:
                continue
            # Data rows carry a label in the first column; the footnote legend below them ("d", ":") does not.
            first = str(row[0] or "")
            if index > header_row and len(first) > 2 and not first.endswith(":"):
                found.add(str(row[position]).strip())
        yield name, label, None, found - BLANKS
    for name, sheet, first_row, position, label_position, labels in XLSX_LISTS:
        ws = openpyxl.load_workbook(DATA / name, read_only=True)[sheet]
        found = set()
        for index, row in enumerate(ws.iter_rows(values_only=True)):
            if index < first_row or row is None or position >= len(row) or row[position] is None:
                continue
            if labels is not None and row[label_position] not in labels:
                continue
            found.add(str(row[position]).strip())
        yield name, f"{sheet} sheet", None, found - BLANKS
