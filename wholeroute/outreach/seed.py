"""Seed the 22 sourced processes, dialogues and high-level meetings of `data/registry/processes.yaml`.

Idempotent: a second run finds every record unchanged and writes nothing. Countries are resolved with the one
resolver of `wholeroute.geo`; an unknown code stops the seed with the file, record and field named.
"""

from django.db import transaction

from wholeroute.outreach import eventdates, registry

OWNER_SLUG = "dg-home"


def _fields_for(record, *, resolve, organisations, partnerships):
    problems = []
    where = f"{registry.DEFAULT_PATH.name}, record {record.registry_id!r}"

    def country(code, field):
        found = resolve(code)
        if found is None:
            problems.append(f"{where}, {field}: unknown country code {code!r}")
        return found

    fields = {"registry_id": record.registry_id, **record.fields}
    secretariat_slug = registry._organisation_slug(fields["secretariat"])
    fields["secretariat_organisation_id"] = organisations[secretariat_slug].pk if secretariat_slug in organisations \
        else None
    members = []
    for m in record.members:
        c = country(m.country_code, f"members.{m.group or 'members'}") if m.country_code else None
        org = organisations.get(m.organisation_slug)
        members.append({"role": m.role, "group": m.group, "name": m.name, "country_id": getattr(c, "pk", None),
                        "organisation_id": getattr(org, "pk", None), "source": m.source, "uncertain": m.uncertain,
                        "order": m.order})
    events = []
    for e in record.events:
        start, end, precision = eventdates.from_text(e.start_text, e.end_text)
        countries = [c for c in (country(code, "participants") for code in dict.fromkeys(e.country_codes)) if c]
        events.append({
            "registry_key": e.key, "title": e.title, "kind": e.kind, "start": start, "end": end,
            "precision": precision, "place": e.place, "description": e.description,
            "participants_text": e.participants_text, "outcomes": e.outcomes, "sources": e.sources,
            "uncertain": e.uncertain, "note": e.note, "countries": countries,
            "organisations": [organisations[s] for s in dict.fromkeys(e.organisation_slugs) if s in organisations],
            "partnerships": [partnerships[p] for p in e.partnership_ids if p in partnerships],
        })
    if problems:
        raise registry.RegistryError(problems)
    return fields, members, events


@transaction.atomic
def run(*, demo: bool = False, stdout=None, path=registry.DEFAULT_PATH) -> str:
    from wholeroute.access.models import Organisation
    from wholeroute.geo.models import Country
    from wholeroute.geo.resolve import Resolver
    from wholeroute.outreach import actions
    from wholeroute.partnerships.models import Partnership

    records = registry.parse(path)
    if not Country.objects.exists():
        return "skipped: no reference geography yet (the geo seed loads countries first)"
    owner = Organisation.objects.filter(slug=OWNER_SLUG).first()
    if owner is None:
        raise registry.RegistryError([f"organisation {OWNER_SLUG!r} is missing: run `wholeroute seed --only access`"])
    resolver = Resolver()
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=set(registry.INSTITUTIONS.values()))}
    partnerships = {p.registry_id: p for p in Partnership.objects.filter(registry_id__isnull=False)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in records:
        fields, members, events = _fields_for(record, resolve=resolver.resolve, organisations=organisations,
                                              partnerships=partnerships)
        counts[actions.import_registry_process(None, owner=owner, fields=fields, members=members,
                                               events=events)] += 1
    events = sum(len(r.events) for r in records)
    return (f"{len(records)} processes and {events} events: {counts['created']} created, {counts['updated']} "
            f"updated, {counts['unchanged']} unchanged")
