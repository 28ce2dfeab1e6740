"""Seed reference geography: every ISO 3166 country and territory (pycountry) plus Kosovo, the aggregates and
non-countries the statistical sources report (areas.yaml), groupings with dated memberships (groupings.yaml),
and the Frontex routes with their countries by role (data/reference/routes.yaml).

Idempotent and quick on re-run: existing rows are read once per model, only differences are written, and a run
that changes nothing writes nothing (not even an audit row). A run that changes something records one audit
row (`geo.seed`) with what it created, updated and removed, in the same transaction. Memberships and route roles
that are no longer in the files are removed (they are reference data derived from the files, not records
anyone owns); Country rows are never removed.
"""

import datetime
from pathlib import Path

import pycountry
import yaml
from django.db import transaction

from wholeroute.access import audit
from wholeroute.geo.models import Country, Grouping, GroupingMembership, Route, RouteCountry

try:  # libyaml: routes.yaml loads in 0.05 s instead of 0.4 s
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader

APP_DIR = Path(__file__).resolve().parent
ROUTES_FILE = APP_DIR.parents[1] / "data" / "reference" / "routes.yaml"
GROUPINGS_FILE = APP_DIR / "groupings.yaml"
AREAS_FILE = APP_DIR / "areas.yaml"

# Eurostat writes these countries with codes other than ISO alpha-2; every other country's Eurostat code is its
# alpha-2 code.
EUROSTAT_CODES = {"GR": "EL", "GB": "UK"}
# UN member states (193) + UN observer states (Holy See, State of Palestine) + Taiwan: see areas.yaml.
EXPECTED_ISO_COUNTRIES = 196




class SeedError(ValueError):
    """A reference file names something the seed cannot place; the message names the file and entry."""


def _load(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (OSError, yaml.YAMLError) as error:
        raise SeedError(f"{path}: cannot be read as YAML: {error}") from error


def _country_rows(areas):
    territories = set(areas["territories"])
    unknown = territories - {c.alpha_2 for c in pycountry.countries}
    if unknown:
        raise SeedError(f"{AREAS_FILE}: territories lists codes that are not ISO 3166-1: {sorted(unknown)}")
    countries = len(list(pycountry.countries)) - len(territories)
    if countries != EXPECTED_ISO_COUNTRIES:
        raise SeedError(f"{AREAS_FILE}: expected {EXPECTED_ISO_COUNTRIES} ISO countries after taking out the "
                        f"territories, found {countries}: check the territories list against pycountry")
    for c in pycountry.countries:
        yield {
            "code": c.alpha_2, "iso3": c.alpha_3, "numeric": c.numeric,
            "eurostat_code": EUROSTAT_CODES.get(c.alpha_2, c.alpha_2),
            "name": getattr(c, "common_name", None) or c.name,
            "official_name": getattr(c, "official_name", "") or "",
            "kind": Country.Kind.TERRITORY if c.alpha_2 in territories else Country.Kind.COUNTRY,
            "note": "",
        }
    codes = [entry["code"] for entry in areas["areas"]]
    duplicates = sorted({code for code in codes if codes.count(code) > 1} | (set(codes) & {
        c.alpha_2 for c in pycountry.countries}))
    if duplicates:
        raise SeedError(f"{AREAS_FILE}: area codes listed twice or already ISO 3166-1 codes: {duplicates}")
    for entry in areas["areas"]:
        if entry["kind"] not in Country.Kind.values:
            raise SeedError(f"{AREAS_FILE}: area {entry['code']}: unknown kind {entry['kind']!r}")
        yield {"code": entry["code"], "iso3": entry.get("iso3", ""), "numeric": "",
               "eurostat_code": entry.get("eurostat_code", entry["code"] if entry["kind"] != "non_country" else ""),
               "name": entry["name"], "official_name": entry.get("official_name", ""), "kind": entry["kind"],
               "note": entry.get("note", "")}


class _Upserter:
    """Create or update rows by natural key with few queries: existing rows are read once per model; `stale()`
    lists the rows the run did not touch."""

    def __init__(self, model, key_fields, tally, bulk=False):
        self.model, self.key_fields, self.tally, self.bulk = model, key_fields, tally, bulk
        self.existing = {self._key_of(obj): obj for obj in model.objects.all()}
        self.seen = set()
        self.pending = []

    def _key_of(self, obj):
        return tuple(getattr(obj, f"{f}_id" if obj._meta.get_field(f).is_relation else f) for f in self.key_fields)

    def __call__(self, lookup, values):
        key = tuple(getattr(lookup[f], "pk", lookup[f]) for f in self.key_fields)
        self.seen.add(key)
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**lookup, **values)
            if self.bulk:
                self.pending.append(obj)  # written by flush()
            else:
                obj.save()
            self.existing[key] = obj
            self.tally["created"] += 1
            return obj
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if changed:
            for k, v in changed.items():
                setattr(obj, k, v)
            obj.save(update_fields=list(changed))
            self.tally["updated"] += 1
        else:
            self.tally["unchanged"] += 1
        return obj

    def flush(self):
        if self.pending:
            self.model.objects.bulk_create(self.pending)
            self.pending = []

    def remove_stale(self) -> list[str]:
        stale = [obj for key, obj in self.existing.items() if key not in self.seen]
        for obj in stale:
            obj.delete()
        self.tally["removed"] += len(stale)
        return [str(obj) for obj in stale]


def _date(value, where):
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise SeedError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from error


def _seed_countries(tally, areas):
    countries = {c.code: c for c in Country.objects.all()}
    new = []
    for row in _country_rows(areas):
        code = row.pop("code")
        obj = countries.get(code)
        if obj is None:
            new.append(Country(code=code, **row))
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            obj.save()
            tally["updated"] += 1
        else:
            tally["unchanged"] += 1
    if new:
        Country.objects.bulk_create(new)
        tally["created"] += len(new)
        countries = {c.code: c for c in Country.objects.all()}
    return countries


def _seed_groupings(tally, countries, config):
    upsert_grouping = _Upserter(Grouping, ["code"], tally)
    upsert_membership = _Upserter(GroupingMembership, ["grouping", "country", "start"], tally, bulk=True)
    specs = config["groupings"]
    for code, spec in specs.items():
        grouping = upsert_grouping({"code": code}, {"name": spec["name"], "description": spec.get("description", "")})
        members = list(spec["members"])
        if spec.get("same_as"):
            members = specs[spec["same_as"]]["members"] + members
        for number, member in enumerate(members, start=1):
            where = f"{GROUPINGS_FILE.name}: {code} member entry {number}"
            if not member.get("source"):
                raise SeedError(f"{where}: every entry needs a source")
            start, end = _date(member["start"], where), _date(member.get("end"), where)
            if end is not None and end < start:
                raise SeedError(f"{where}: end {end} is before start {start}")
            for country_code in member["countries"]:
                if country_code not in countries:
                    raise SeedError(f"{where}: unknown country code {country_code!r}")
                upsert_membership(
                    {"grouping": grouping, "country": countries[country_code], "start": start},
                    {"end": end, "scope": member.get("scope", ""), "source": member["source"],
                     "note": member.get("note", ""), "uncertain": bool(member.get("uncertain", False))},
                )
    upsert_membership.flush()
    removed = upsert_membership.remove_stale()
    upsert_grouping.remove_stale()  # only reached when a grouping has no memberships left (PROTECT otherwise)
    return removed


def _urls(*lists):
    seen = []
    for items in lists:
        for url in items or []:
            if isinstance(url, str) and url.startswith("http") and url not in seen:
                seen.append(url)
    return seen


def _seed_routes(tally, countries, reference):
    upsert_route = _Upserter(Route, ["slug"], tally)
    upsert_route_country = _Upserter(RouteCountry, ["route", "country", "role"], tally, bulk=True)
    for order, spec in enumerate(reference["routes"], start=1):
        role_entries = {role: entries or [] for role, entries in (spec.get("countries") or {}).items()}
        changes = spec.get("changes_over_time") or []
        aliases = spec.get("aliases") or []
        route = upsert_route({"slug": spec["id"].replace("_", "-")}, {
            "name": spec["label"],
            "frontex_name": spec["frontex_names"]["detections_sheet_and_long_csv"],
            "short_name": spec["frontex_names"].get("dictionary_sheet") or "",
            "eu_border_sections": (spec.get("eu_border_sections") or {}).get("frontex_dictionary_zone") or "",
            "order": order,
            "sources": _urls(*[c.get("sources") for c in changes], [a.get("source") for a in aliases],
                             *[e.get("sources") for entries in role_entries.values() for e in entries]),
            "notes": list(spec.get("notes") or []),
            "aliases": aliases,
            "changes": changes,
        })
        for role, entries in role_entries.items():
            if role not in RouteCountry.Role.values:
                raise SeedError(f"{ROUTES_FILE.name}: route {spec['id']}: unknown role {role!r}")
            for entry in entries:
                code = entry.get("code")
                if not code:
                    continue  # non-countries (OOO, STL, OOS) are not listed under roles; see the file's header
                if code not in countries:
                    raise SeedError(f"{ROUTES_FILE.name}: route {spec['id']}, {role}: unknown country code {code!r}")
                upsert_route_country(
                    {"route": route, "country": countries[code], "role": role},
                    {"note": entry.get("note", "") or "", "sources": entry.get("sources", []),
                     "computed": entry.get("computed") or {}, "role_detail": entry.get("role_detail", "") or "",
                     "designation_note": entry.get("designation_note", "") or "",
                     "uncertain": bool(entry.get("uncertain", False))},
                )
    upsert_route_country.flush()
    return upsert_route_country.remove_stale()


@transaction.atomic
def run(*, demo: bool = False, stdout=None) -> str:
    """Create or update the reference geography; returns a one-line summary. Raises SeedError (nothing written)
    when a reference file names an unknown country, role or date."""
    tally = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    countries = _seed_countries(tally, _load(AREAS_FILE))
    removed = _seed_groupings(tally, countries, _load(GROUPINGS_FILE))
    removed += _seed_routes(tally, countries, _load(ROUTES_FILE))
    summary = (f"{tally['created']} created, {tally['updated']} updated, {tally['unchanged']} unchanged, "
               f"{tally['removed']} removed")
    if tally["created"] or tally["updated"] or tally["removed"]:
        audit.record(user=None, verb="geo.seed", obj=None, after={**tally, "removed_rows": removed[:50]},
                     reason="reference geography seeded from areas.yaml, groupings.yaml and data/reference/routes.yaml")
    return summary
