"""Pure parser of the EUTF for Africa tables in data/iati_eutf/ (Akvo RSR IATI export processed by DW).

`parse(folder)` reads the projects, recipients, organisations and results tables and returns the activities, every
error (file, row, column) and the warnings; it touches no database. Rows are numbered like a spreadsheet: the
header is row 1. Empty published figures stay None (never zero). See data/PROVENANCE.md.
"""

import csv
import datetime
import gzip
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from wholeroute.funding.activities import (
    Activity,
    Participant,
    Place,
    Problem,
    Recipient,
    Result,
    decimal_or_none,
)

PROJECTS = "EUTF_projects_akvo.csv"
RECIPIENTS = "EUTF_akvo_recipients.csv"
ORGS = "EUTF_akvo_orgs.csv"
RESULTS = "EUTF_akvo_results.csv.gz"
FILES = (PROJECTS, RECIPIENTS, ORGS, RESULTS)
PROJECT_COLUMNS = {"iati_id", "prefix", "title", "summary", "partner_funding", "partner_accountable",
                   "partner_extending", "partner_implementing", "date_start", "date_end", "budget",
                   "recipient_country", "location", "location_code", "topics", "oecd_purpose", "links",
                   "project_parent", "project_child", "project_sibling"}
RECIPIENT_COLUMNS = {"iati_id", "budget", "recipient_country", "recipient_percentage"}
ORG_COLUMNS = {"name", "type"}
RESULT_COLUMNS = {"iati_id", "result_type", "title", "period_start", "period_end", "target", "actual"}
ROLES = {"partner_funding": "1", "partner_accountable": "2", "partner_extending": "3", "partner_implementing": "4"}


@dataclass
class Parsed:
    activities: list[Activity] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _open(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _rows(path: Path, required: set, parsed: Parsed):
    """(row number, dict) per data row; a missing column is one error for the file."""
    with _open(path) as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            parsed.errors.append(Problem(Place(path.name, 1), f"missing column(s) {', '.join(sorted(missing))}"))
            return
        yield from enumerate(reader, start=2)


def _date(value, place, parsed):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        parsed.errors.append(Problem(place, f"{value!r} is not a date (YYYY-MM-DD)"))
        return None


def _amount(value, place, parsed):
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        parsed.errors.append(Problem(place, f"{value!r} is not a number"))
        return None
    if not number.is_finite() or number < 0:
        parsed.errors.append(Problem(place, f"{value!r} is not an amount"))
        return None
    return number.quantize(Decimal("0.01"))


def split_names(text: str, known: set[str]) -> list[str]:
    """Split a comma-joined list of organisation names; names that contain a comma are matched against the
    organisations table (e.g. "DAI Global, LLC (DAI)")."""
    pieces = [p.strip() for p in (text or "").split(",")]
    names, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = ", ".join(pieces[i:j])
            if j == i + 1 or candidate in known:
                if candidate:
                    names.append(candidate)
                i = j
                break
    return names


def _codes(text):
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def parse(folder) -> Parsed:
    folder = Path(folder)
    parsed = Parsed()
    for name in FILES:
        path = folder / name
        if not path.exists():
            parsed.errors.append(Problem(Place(name, "whole file"), f"file not found in {folder}"))
        parsed.files.append(path)
    if parsed.errors:
        return parsed

    org_types, known = {}, set()
    for _number, row in _rows(folder / ORGS, ORG_COLUMNS, parsed):
        name = row["name"].strip()
        known.add(name)
        org_types[name] = row["type"].strip()

    by_id: dict[str, Activity] = {}
    id_counts = Counter()
    project_rows = list(_rows(folder / PROJECTS, PROJECT_COLUMNS, parsed))
    for _number, row in project_rows:
        id_counts[row["iati_id"].strip()] += 1
    for number, row in project_rows:
        ident = row["iati_id"].strip()
        key = f"eutf:{ident}" if ident and id_counts[ident] == 1 else f"eutf:{PROJECTS}:row-{number}"
        place = Place(PROJECTS, number)
        if not ident:
            parsed.warnings.append(Problem(place, "no iati_id: kept, keyed by its row"))
        elif id_counts[ident] > 1:
            parsed.warnings.append(Problem(place, f"iati_id {ident} appears {id_counts[ident]} times: each row kept, "
                                                  "keyed by its row; recipients and results go to the first"))
        a = Activity(
            source_key=key, iati_identifier=ident, prefix=row["prefix"].strip(), title=row["title"].strip(),
            description=row["summary"].strip(),
            date_start=_date(row["date_start"], Place(PROJECTS, number, "date_start"), parsed),
            date_end=_date(row["date_end"], Place(PROJECTS, number, "date_end"), parsed),
            budget=_amount(row["budget"], Place(PROJECTS, number, "budget"), parsed),
            topics=_codes(row["topics"]), location=row["location"].strip(), links=_codes(row["links"]),
            parent_identifier=row["project_parent"].strip(),
            related_identifiers={k: _codes(row[f"project_{k}"]) for k in ("child", "sibling") if row[f"project_{k}"]},
            sectors=[{"code": c, "vocabulary": "1"} for c in _codes(row["oecd_purpose"])],
            place=place,
        )
        for column, role in ROLES.items():
            for name in split_names(row[column], known):
                a.participants.append(Participant(role=role, name=name, org_type=org_types.get(name, "")))
        parsed.activities.append(a)
        if ident and ident not in by_id:
            by_id[ident] = a

    for number, row in _rows(folder / RECIPIENTS, RECIPIENT_COLUMNS, parsed):
        ident, code = row["iati_id"].strip(), row["recipient_country"].strip()
        place = Place(RECIPIENTS, number, "recipient_country")
        activity = by_id.get(ident)
        if activity is None:
            parsed.warnings.append(Problem(Place(RECIPIENTS, number, "iati_id"),
                                           f"no activity {ident[:80]!r} in {PROJECTS}: row skipped"))
            continue
        if not code:
            parsed.warnings.append(Problem(place, "empty country: row skipped"))
            continue
        percentage = row["recipient_percentage"].strip()
        activity.recipients.append(Recipient(
            code=code, place=place,
            percentage=_amount(percentage, Place(RECIPIENTS, number, "recipient_percentage"), parsed),
            budget=_amount(row["budget"], Place(RECIPIENTS, number, "budget"), parsed)))

    for number, row in _rows(folder / RESULTS, RESULT_COLUMNS, parsed):
        ident = row["iati_id"].strip()
        activity = by_id.get(ident)
        if activity is None:
            parsed.warnings.append(Problem(Place(RESULTS, number, "iati_id"),
                                           f"no activity {ident[:80]!r} in {PROJECTS}: row skipped"))
            continue
        activity.results.append(Result(
            result_type=row["result_type"].strip(), title=row["title"].strip(),
            period_start=_date(row["period_start"], Place(RESULTS, number, "period_start"), parsed),
            period_end=_date(row["period_end"], Place(RESULTS, number, "period_end"), parsed),
            target=decimal_or_none(row["target"]), actual=decimal_or_none(row["actual"]),
            target_text=row["target"].strip(), actual_text=row["actual"].strip()))
    return parsed
