"""Seed a real statistics subset: Frontex detections (both vintages), IOM dead and missing, Eurostat asylum and
enforcement tables. A file already imported successfully (same sha256) is skipped, so a re-run is quick."""

from pathlib import Path

from wholeroute.indicators.load import load, sha256_of
from wholeroute.indicators.models import ImportRun
from wholeroute.indicators.parsers._detect import UnknownFormat, detect

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = [
    "frontex/Monthly_detections_of_IBC_20220204.xlsx",
    "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv",
    "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv",
    "eurostat/migr_asyappctza_applicants_by_citizenship_sex_2011_2022.csv",
    "eurostat/migr_eipre_illegally_present_2014_2023.csv",
    "eurostat/migr_eirfs_refused_entry_2014_2023.csv",
    "eurostat/tps00170_first_permits_2012_2023.csv",
    "eurostat/migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv",
    # Inputs of the recognition and return rates (derived indicators), small 2017 exports.
    "eurostat/legacy_export_2017/migr_asydcfsta_2017-04-26.csv",
    "eurostat/legacy_export_2017/migr_eirtn_1_Data.csv",
    "eurostat/legacy_export_2017/migr_eiord_1_Data.csv",
]


def run(*, demo: bool = False, stdout=None) -> str:
    imported, skipped, failed, unreadable = 0, 0, [], []
    for name in FILES:
        path = DATA / name
        if not path.exists():
            unreadable.append(f"{name} (missing)")
            continue
        if ImportRun.objects.filter(sha256=sha256_of(path), status=ImportRun.Status.SUCCEEDED).exists():
            skipped += 1
            continue
        try:
            detect(path)
        except UnknownFormat:  # no parser for it (yet): skip it, say so, import the rest
            unreadable.append(f"{name} (no parser recognises it)")
            continue
        result = load(path)
        if result.status == ImportRun.Status.SUCCEEDED:
            imported += 1
        else:
            failed.append(f"{name}: {result.errors[:3]}")
    summary = f"{imported} files imported, {skipped} already imported"
    if unreadable:
        summary += "; skipped " + ", ".join(unreadable)
    if failed:
        summary += "; FAILED: " + "; ".join(failed)
    return summary
