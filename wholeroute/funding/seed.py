"""Seed the funding ledger: instruments, the 10 envelopes of data/registry/funding_envelopes.yaml (sources kept,
uncertain figures flagged), the funding guidelines of guidelines.yaml and the EUTF for Africa tables.

Idempotent: a re-run changes nothing (and is quick: the EUTF tables are skipped when their sha256 was imported).
Seeded records are PUBLIC and owned by DG INTPA (external action) or DG HOME (home affairs). Rules already in the
database are left as the admins edited them.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from wholeroute.access.models import Classification, Organisation
from wholeroute.funding import actions
from wholeroute.funding.models import FundingRule, ImportRun, Instrument

ROOT = Path(__file__).resolve().parents[2]
ENVELOPES = ROOT / "data" / "registry" / "funding_envelopes.yaml"
EUTF_FOLDER = ROOT / "data" / "iati_eutf"
GUIDELINES = Path(__file__).resolve().parent / "guidelines.yaml"

# Instruments: slug → fields, with the registry record(s) whose envelope they fund. Facts come from the records
# (legal basis, period, what the money covers) or are left empty.
INSTRUMENTS = {
    "ndici-global-europe": {
        "record": "ndici-global-europe-2021-2027", "owner": "dg-intpa", "kind": Instrument.Kind.EU_PROGRAMME,
        "short_name": "NDICI-Global Europe"},
    "eutf-africa": {"record": "eutf-africa", "owner": "dg-intpa", "kind": Instrument.Kind.TRUST_FUND,
                        "short_name": "EUTF for Africa"},
    "amif": {"record": "amif-2021-2027", "owner": "dg-home", "kind": Instrument.Kind.HOME_AFFAIRS_FUND, "short_name": "AMIF"},
    "bmvi": {"record": "bmvi-2021-2027", "owner": "dg-home", "kind": Instrument.Kind.HOME_AFFAIRS_FUND, "short_name": "BMVI"},
    "mff-heading-4": {"record": "mff-2021-2027-heading-4", "owner": "dg-home", "kind": Instrument.Kind.BUDGET_HEADING,
                          "short_name": "MFF Heading 4"},
    "frit": {"record": "facility-refugees-turkey", "owner": "dg-intpa", "kind": Instrument.Kind.FACILITY,
                 "short_name": "FRiT"},
    "global-europe-2028-2034": {"record": "mff-2028-2034-proposal", "owner": "dg-intpa",
                                    "kind": Instrument.Kind.PROPOSAL, "short_name": "Global Europe 2028-2034 (proposal)"},
    "solidarity-pool": {"record": "solidarity-pool-2026", "owner": "dg-home", "kind": Instrument.Kind.SOLIDARITY,
                            "short_name": "Solidarity Pool"},
    "eu-budget-pact-support": {"record": "pact-implementation-support-2025", "owner": "dg-home",
                                   "kind": Instrument.Kind.BUDGET_HEADING, "short_name": "Pact implementation support"},
    "global-gateway": {"record": "global-gateway-africa-europe-package", "owner": "dg-intpa",
                           "kind": Instrument.Kind.INVESTMENT_PACKAGE, "short_name": "Global Gateway"},
    "national-budgets": {"record": None, "owner": "dg-home", "kind": Instrument.Kind.NATIONAL,
                             "short_name": "National budgets",
                             "name": "National budgets of EU Member States",
                             "note": "No national envelope is in the registry; commitments from national budgets are "
                                  "recorded by the ministries that make them."},
}
NAME_OVERRIDES = {"mff-2028-2034-proposal": "Global Europe Instrument (proposed for the 2028-2034 MFF)"}


def _period_dates(text):
    years = re.findall(r"\b(20\d\d)\b", text or "")
    dates = re.findall(r"\b(20\d\d-\d\d-\d\d)\b", text or "")
    if len(dates) >= 2:
        return datetime.date.fromisoformat(dates[0]), datetime.date.fromisoformat(dates[1])
    if len(years) >= 2 and "-" in text:
        return datetime.date(int(years[0]), 1, 1), datetime.date(int(years[1]), 12, 31)
    if len(years) == 1 and re.fullmatch(r"\s*20\d\d\s*", text):
        return datetime.date(int(years[0]), 1, 1), datetime.date(int(years[0]), 12, 31)
    return None, None


def load_records(path=ENVELOPES):
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise ValueError(f"{path}: no 'records' list")
    for index, record in enumerate(records):
        for key in ("id", "name", "amounts", "sources"):
            if not record.get(key):
                raise ValueError(f"{path}: record {index + 1} ({record.get('id', '?')}): field '{key}' is missing")
    return records


def _instrument_fields(slug, spec, record):
    fields = {"kind": spec["kind"], "short_name": spec["short_name"], "classification": Classification.PUBLIC,
              "note": spec.get("note", "")}
    if record is None:
        fields["name"] = spec["name"]
        return fields
    legal = record.get("legal_basis") or {}
    start, end = _period_dates(record.get("period", ""))
    fields.update(
        name=NAME_OVERRIDES.get(record["id"], record["name"]), legal_basis=legal.get("text", ""),
        legal_basis_source=legal.get("source", ""), period=record.get("period", ""), period_start=start,
        period_end=end, sources=record.get("sources", []), uncertain=bool(record.get("uncertain")),
        objectives="; ".join(a["covers"] for a in record["amounts"][:1] if a.get("covers")),
        objectives_source=record["amounts"][0].get("source", ""),
    )
    target = record.get("migration_target")
    if target:
        fields.update(migration_target_percent=Decimal("10") if "10%" in target["value"] else None,
                      migration_target_text=target["value"], migration_target_source=target["source"],
                      migration_target_uncertain=bool(target.get("uncertain")))
    if slug == "ndici-global-europe":
        fields.update(oda_target_percent=Decimal("93"),
                      oda_target_text="At least 93 % of expenditure to qualify as official development assistance.",
                      oda_target_source="Issue 7 (ministers' request); not found in data/reference or data/registry",
                      oda_target_uncertain=True)
    return fields


def _envelope_fields(record, resolver):
    first = record["amounts"][0]
    regions = record.get("regions") or {}
    countries = []
    for code in re.findall(r"\b([A-Z]{2})\b", regions.get("value", "")):
        country = resolver.resolve(code)
        if country is None:
            raise ValueError(f"{ENVELOPES}: record {record['id']}: regions: unknown country code {code!r}")
        countries.append(country)
    details = {k: v for k, v in record.items() if k not in {
        "id", "name", "period", "amounts", "sources", "dates", "related_records", "uncertain", "note"}}
    figures = [{"amount": _money(a["amount"]), "currency": a.get("currency", "EUR"),
                    "price_basis": a.get("price_basis", ""), "covers": a.get("covers", ""), "source": a.get("source", ""),
                    "uncertain": bool(a.get("uncertain")), "note": a.get("note", "")} for a in record["amounts"]]
    return {
        "name": record["name"], "period": record.get("period", ""), "programme": first.get("covers", "")[:300],
        "region": regions.get("value", ""), "amount": _money(first["amount"]), "currency": first.get("currency", "EUR"),
        "price_basis": first.get("price_basis", ""), "covers": first.get("covers", ""), "amount_source": first.get("source", ""),
        "amount_uncertain": bool(first.get("uncertain")), "sources": record.get("sources", []),
        "dates": record.get("dates", []), "related_records": record.get("related_records", []), "details": details,
        "uncertain": bool(record.get("uncertain")), "note": record.get("note", ""), "classification": Classification.PUBLIC,
    }, figures, countries


def _money(value):
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _organisations(stdout):
    wanted = {"dg-intpa", "dg-home"}
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=wanted)}
    if set(found) != wanted:
        raise RuntimeError(f"funding seed needs the organisations {', '.join(sorted(wanted - set(found)))}: "
                           "run `wholeroute seed --only access` first")
    return found


def load_rules(path=GUIDELINES):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data["rules"]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def run(*, demo: bool = False, stdout=None, eutf: bool = True) -> str:
    from wholeroute.geo.resolve import Resolver

    orgs = _organisations(stdout)
    records = {r["id"]: r for r in load_records()}
    resolver = Resolver()
    instruments = {}
    for slug, spec in INSTRUMENTS.items():
        record = records.get(spec["record"]) if spec["record"] else None
        if spec["record"] and record is None:
            raise ValueError(f"{ENVELOPES}: no record {spec['record']!r} for instrument {slug}")
        existing = Instrument.objects.filter(slug=slug).first()
        fields = _instrument_fields(slug, spec, record)
        if existing is None or any(getattr(existing, k) != v for k, v in fields.items()):
            instruments[slug] = actions.save_instrument(None, slug=slug, owner=orgs[spec["owner"]], **fields)
        else:
            instruments[slug] = existing
    by_record = {spec["record"]: slug for slug, spec in INSTRUMENTS.items() if spec["record"]}
    envelopes = 0
    for record_id, record in records.items():
        slug = by_record.get(record_id)
        if slug is None:
            raise ValueError(f"{ENVELOPES}: record {record_id}: no instrument is mapped to it in funding/seed.py")
        fields, figures, countries = _envelope_fields(record, resolver)
        actions.save_envelope(None, registry_id=record_id, owner=orgs[INSTRUMENTS[slug]["owner"]],
                              instrument=instruments[slug], figures=figures, countries=countries, **fields)
        envelopes += 1
    rules_added = 0
    for rule in load_rules():
        if FundingRule.objects.filter(key=rule["key"]).exists():
            continue
        instrument = instruments[rule["instrument"]]
        actions.save_rule(None, key=rule["key"], owner=instrument.owner, instrument=instrument,
                          solution_types=rule.get("solution_types") or [], outcome=rule["outcome"],
                          title=rule["title"], rule_text=rule["rule_text"], conditions=rule.get("conditions") or "",
                          legal_source=rule.get("legal_source") or "", source_url=rule.get("source_url") or "",
                          source_date=_date(rule.get("source_date")), valid_from=_date(rule.get("valid_from")),
                          valid_to=_date(rule.get("valid_to")), uncertain=bool(rule.get("uncertain")),
                          note=rule.get("note") or "", classification=Classification.PUBLIC)
        rules_added += 1
    eutf_note = "EUTF tables skipped"
    if eutf:
        sha = actions._file_sha256([EUTF_FOLDER / name for name in _eutf_files()])
        if ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.DONE).exists():
            eutf_note = "EUTF tables unchanged"
        else:
            run_ = actions.import_eutf(None, EUTF_FOLDER, owner=orgs["dg-intpa"], instrument=instruments["eutf-africa"])
            eutf_note = f"EUTF: {run_.counts['read']} activities read, {run_.counts['inserted']} inserted"
    return (f"funding: {len(instruments)} instruments, {envelopes} envelopes, {rules_added} new guideline rules; "
            f"{eutf_note}")


def _eutf_files():
    from wholeroute.funding.eutf import FILES

    return FILES
