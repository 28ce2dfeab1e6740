"""Load the 36 sourced partnership records (data/registry/partnerships.yaml) — idempotent and atomic.

- Records are PUBLIC and owned by DG HOME (the Commission service responsible for migration partnerships).
- Parties: "EU" becomes an EU party; ISO alpha-2 codes are resolved through the geo resolver; states that are EU
  Member States today become Member State parties, the others partner countries. All state parties are linked
  as countries.
- Routes: a partnership is linked to every route on which one of its partner countries is a departure or
  transit country (routes.yaml roles). Origin-only links are not made: an origin country appears on many routes
  and the route page already lists its partnerships under that country.
- Phase: derived from the status text by the rules in PHASE_RULES (first match wins) and marked imported — the
  real status is kept as the source says it; the phase does not claim the record passed wholeroute's gates.
"""

import datetime
import re

from django.db import transaction

from wholeroute.partnerships import registry
from wholeroute.partnerships.models import Partnership, Party, SolutionType
from wholeroute.partnerships.solutions import ensure_solution_types

Phase = Partnership.Phase

PHASE_RULES = [
    (re.compile(r"^ended|\bended\b|repealed", re.I), Phase.CLOSED),
    # "On hold; …" or "Suspended …" — not "agreements in force … except Belarus: … suspension procedure".
    (re.compile(r"^(on hold|suspended)", re.I), Phase.SUSPENDED),
    (re.compile(r"no agreement concluded", re.I), Phase.EXPLORATION),
    (re.compile(r"in preparation|to be refined|provisional agreement|to be pursued|to be set up|^announced", re.I),
     Phase.DESIGN),
]
DEFAULT_PHASE = Phase.IMPLEMENTATION  # in force, in implementation, operating, launched, adopted, signed …

OWNER_SLUG = "dg-home"


def derive_phase(status_text: str, ended: str = "") -> str:
    if ended:
        return Phase.CLOSED
    for pattern, phase in PHASE_RULES:
        if pattern.search(status_text or ""):
            return phase
    return DEFAULT_PHASE


def _resolver():
    from wholeroute.geo.models import Country

    try:
        from wholeroute.geo.resolve import Resolver
    except ImportError:  # the geo resolver not installed yet: ISO alpha-2 codes are the Country codes
        return lambda code: Country.objects.filter(code=code).first()
    resolver = Resolver()

    def resolve(code):
        try:
            found = resolver.resolve(code)
        except Exception:  # noqa: BLE001 — an unresolvable code is reported below with its record
            return None
        return found if isinstance(found, Country) else None

    return resolve


def record_fields(record, *, resolve, eu_members, solution_types, route_ids_by_country) -> dict:
    from wholeroute.geo.models import Route

    errors = []
    parties, countries = [], []
    for code in record.parties:
        if code == "EU":
            parties.append({"kind": Party.Kind.EU, "name": "European Union"})
            continue
        country = resolve(code)
        if country is None:
            errors.append(f"partnerships.yaml, record {record.registry_id}, field parties: cannot resolve {code!r}")
            continue
        countries.append(country)
        kind = Party.Kind.MEMBER_STATE if country.pk in eu_members else Party.Kind.PARTNER_COUNTRY
        parties.append({"kind": kind, "country": country, "name": country.name})
    if errors:
        raise registry.RegistryError(errors)
    route_ids = set()
    for c in countries:
        if c.pk not in eu_members:
            route_ids |= route_ids_by_country.get(c.pk, set())
    return {
        "registry_id": record.registry_id,
        "title": record.title,
        "instrument_kind": record.instrument_kind,
        "instrument_note": record.instrument_note,
        "party_notes": record.party_notes,
        "parties_uncertain": record.parties_uncertain,
        "signed_or_announced": record.dates.get("signed_or_announced", ""),
        "entry_into_force": record.dates.get("entry_into_force", ""),
        "applies_from": record.dates.get("applies_from", ""),
        "ended": record.dates.get("ended", ""),
        "status_text": record.status_text,
        "status_as_of": record.status_as_of,
        "sources": record.sources,
        "phase": derive_phase(record.status_text, record.dates.get("ended", "")),
        "phase_imported": True,
        "solution_types": [solution_types[code] for code in record.solution_types],
        "countries": countries,
        "routes": list(Route.objects.filter(pk__in=route_ids).order_by("pk")),
        "parties": parties,
        "facts": record.facts,
    }


@transaction.atomic
def run(*, demo: bool = False, stdout=None, path=registry.DEFAULT_PATH) -> str:
    from wholeroute.access.models import Organisation
    from wholeroute.geo.models import Country, GroupingMembership, RouteCountry
    from wholeroute.partnerships import actions

    records = registry.parse(path)
    if not Country.objects.exists():
        return "skipped: no reference geography yet (the geo seed loads countries and routes first)"
    owner = Organisation.objects.filter(slug=OWNER_SLUG).first()
    if owner is None:
        raise registry.RegistryError([f"organisation {OWNER_SLUG!r} is missing: run `wholeroute seed --only access`"])
    today = datetime.date.today()
    eu_members = set(GroupingMembership.objects.filter(grouping__code="EU", start__lte=today).exclude(
        end__lt=today).values_list("country_id", flat=True))
    route_ids_by_country: dict[int, set[int]] = {}
    for country_id, route_id in RouteCountry.objects.filter(
            role__in=[RouteCountry.Role.DEPARTURE, RouteCountry.Role.TRANSIT]).values_list("country_id", "route_id"):
        route_ids_by_country.setdefault(country_id, set()).add(route_id)
    # The vocabulary is also created by migration 0003; a flushed test database needs it again.
    solution_types = ensure_solution_types(SolutionType)
    resolve = _resolver()
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in records:
        fields = record_fields(record, resolve=resolve, eu_members=eu_members, solution_types=solution_types,
                               route_ids_by_country=route_ids_by_country)
        counts[actions.import_registry_record(None, owner=owner, fields=fields)] += 1
    return (f"{len(records)} registry records: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged")
