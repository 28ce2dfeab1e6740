"""Seed reference geography: every ISO 3166 country and territory (pycountry) plus Kosovo, the aggregates and
non-countries the statistical sources report, groupings with dates, and the Frontex routes from
data/reference/routes.yaml. Idempotent: a second run changes nothing."""

import datetime
from pathlib import Path

import pycountry
import yaml
from django.db import transaction

from wholeroute.access import audit
from wholeroute.geo.models import Country, Grouping, GroupingMembership, Route, RouteCountry

APP_DIR = Path(__file__).resolve().parent
ROUTES_FILE = APP_DIR.parents[1] / "data" / "reference" / "routes.yaml"

# Eurostat writes these countries with codes other than ISO alpha-2.
EUROSTAT_CODES = {"GR": "EL", "GB": "UK"}

# pycountry lists sovereign states and dependent territories alike; these alpha-2 codes are dependent or
# special territories (ISO 3166-1 entries that are not UN member or observer states, bar Kosovo).
TERRITORIES = set(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS NC NF NU "
    "PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT EH".split()
)


def _areas():
    return yaml.safe_load((APP_DIR / "areas.yaml").read_text())


def _country_rows():
    for c in pycountry.countries:
        yield {
            "code": c.alpha_2, "iso3": c.alpha_3, "numeric": c.numeric,
            "eurostat_code": EUROSTAT_CODES.get(c.alpha_2, c.alpha_2),
            "name": getattr(c, "common_name", None) or c.name,
            "official_name": getattr(c, "official_name", ""),
            "kind": Country.Kind.TERRITORY if c.alpha_2 in TERRITORIES else Country.Kind.COUNTRY,
            "note": "",
        }
    for entry in _areas()["areas"]:
        yield {"code": entry["code"], "iso3": entry.get("iso3", ""), "numeric": "",
               "eurostat_code": entry.get("eurostat_code", entry["code"] if entry["kind"] != "non_country" else ""),
               "name": entry["name"], "official_name": entry.get("official_name", ""), "kind": entry["kind"],
               "note": entry.get("note", "")}


class _Upserter:
    """Create or update rows by natural key with a few queries: existing rows are read once per model."""

    def __init__(self, model, key_fields, tally):
        self.model, self.key_fields, self.tally = model, key_fields, tally
        self.existing = {self._key_of(obj): obj for obj in model.objects.all()}

    def _key_of(self, obj):
        return tuple(getattr(obj, f"{f}_id" if obj._meta.get_field(f).is_relation else f) for f in self.key_fields)

    def __call__(self, lookup, values):
        key = tuple(getattr(lookup[f], "pk", lookup[f]) for f in self.key_fields)
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model.objects.create(**lookup, **values)
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


def _date(value):
    return value if isinstance(value, datetime.date) or value is None else datetime.date.fromisoformat(str(value))


@transaction.atomic
def run(*, demo: bool = False, stdout=None) -> str:
    tally = {"created": 0, "updated": 0, "unchanged": 0}
    countries = {c.code: c for c in Country.objects.all()}
    new = []
    for row in _country_rows():
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
    upsert_grouping = _Upserter(Grouping, ["code"], tally)
    upsert_membership = _Upserter(GroupingMembership, ["grouping", "country", "start"], tally)
    upsert_route = _Upserter(Route, ["slug"], tally)
    upsert_route_country = _Upserter(RouteCountry, ["route", "country", "role"], tally)

    config = yaml.safe_load((APP_DIR / "groupings.yaml").read_text())
    for code, spec in config["groupings"].items():
        grouping = upsert_grouping({"code": code}, {"name": spec["name"]})
        members = list(spec["members"])
        if spec.get("same_as"):
            members = config["groupings"][spec["same_as"]]["members"] + members
        for member in members:
            for country_code in member["countries"]:
                upsert_membership(
                    {"grouping": grouping, "country": countries[country_code], "start": _date(member["start"])},
                    {"end": _date(member.get("end")), "scope": member.get("scope", ""),
                     "source": config["sources"][code]},
                )

    reference = yaml.safe_load(ROUTES_FILE.read_text())
    for order, spec in enumerate(reference["routes"], start=1):
        route = upsert_route({"slug": spec["id"].replace("_", "-")}, {
            "name": spec["label"],
            "frontex_name": spec["frontex_names"]["detections_sheet_and_long_csv"],
            "short_name": spec["frontex_names"].get("dictionary_sheet") or "",
            "eu_border_sections": (spec.get("eu_border_sections") or {}).get("frontex_dictionary_zone") or "",
            "order": order,
            "sources": sorted({s for role in (spec.get("countries") or {}).values() for c in role or []
                               for s in c.get("sources", []) if s.startswith("http")})[:12],
        })
        for role, entries in (spec.get("countries") or {}).items():
            for entry in entries or []:
                if not entry.get("code"):
                    continue
                upsert_route_country(
                    {"route": route, "country": countries[entry["code"]], "role": role},
                    {"note": entry.get("note", "") or "", "sources": entry.get("sources", []),
                     "computed": entry.get("computed") or {}},
                )

    if tally["created"] or tally["updated"]:
        audit.record(user=None, verb="geo.seed", obj=None, after=dict(tally))
    return f"{tally['created']} created, {tally['updated']} updated, {tally['unchanged']} unchanged"
