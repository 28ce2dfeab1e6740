"""Seed the institutions that wholeroute users work for, and (with --demo) demonstration staff accounts."""

from django.db import transaction

from wholeroute.access import actions
from wholeroute.access.models import Organisation, Role, User

Kind = Organisation.Kind
INSTITUTIONS = [
    # slug, name, short name, kind, country
    ("dg-home", "European Commission — Directorate-General for Migration and Home Affairs", "DG HOME", Kind.COMMISSION, None),
    ("dg-intpa", "European Commission — Directorate-General for International Partnerships", "DG INTPA", Kind.COMMISSION, None),
    ("dg-mena", "European Commission — Directorate-General for the Middle East, North Africa and the Gulf", "DG MENA", Kind.COMMISSION, None),
    ("eeas", "European External Action Service", "EEAS", Kind.EEAS, None),
    ("frontex", "European Border and Coast Guard Agency", "Frontex", Kind.AGENCY, None),
    ("euaa", "European Union Agency for Asylum", "EUAA", Kind.AGENCY, None),
    ("europol", "European Union Agency for Law Enforcement Cooperation", "Europol", Kind.AGENCY, None),
    ("fra", "European Union Agency for Fundamental Rights", "FRA", Kind.AGENCY, None),
    ("eu-lisa", "European Union Agency for the Operational Management of Large-Scale IT Systems", "eu-LISA", Kind.AGENCY, None),
    ("iom", "International Organization for Migration", "IOM", Kind.IO, None),
    ("unhcr", "Office of the United Nations High Commissioner for Refugees", "UNHCR", Kind.IO, None),
    ("icmpd", "International Centre for Migration Policy Development", "ICMPD", Kind.IO, None),
]

DEMO_ORGANISATIONS = [
    ("it-interior", "Ministry of the Interior (Italy)", "IT Interior", Kind.MINISTRY, "IT"),
    ("eu-delegation-tunisia", "Delegation of the European Union to Tunisia", "EU Delegation Tunisia", Kind.EEAS, "TN"),
]

DEMO_PASSWORD = "wholeroute-demo-2026"  # noqa: S105 (printed demo login, created only with --demo)
# (e-mail, first name, organisation slug, role)
DEMO_USERS = [
    ("alice@interior.example", "Alice", "it-interior", Role.EDITOR),
    ("erin@interior.example", "Erin", "it-interior", Role.APPROVER),
    ("bob@delegation.example", "Bob", "eu-delegation-tunisia", Role.EDITOR),
    ("carol@frontex.example", "Carol", "frontex", Role.EDITOR),
    ("dan@dg-home.example", "Dan", "dg-home", Role.APPROVER),
    ("admin@wholeroute.example", "Admin", "dg-home", Role.ADMIN),
]


def _country(code):
    if not code:
        return None
    from wholeroute.geo.models import Country

    return Country.objects.filter(code=code).first()


@transaction.atomic
def run(*, demo: bool = False, stdout=None) -> str:
    created = 0
    wanted = INSTITUTIONS + (DEMO_ORGANISATIONS if demo else [])
    for slug, name, short, kind, country in wanted:
        if not Organisation.objects.filter(slug=slug).exists():
            actions.create_organisation(None, slug=slug, name=name, short_name=short, kind=kind, country=_country(country))
            created += 1
    users = 0
    if demo:
        for email, first_name, org_slug, role in DEMO_USERS:
            org = Organisation.objects.get(slug=org_slug)
            if not User.objects.filter(email=email).exists():
                actions.add_member(None, org, email=email, role=role, first_name=first_name, password=DEMO_PASSWORD)
                users += 1
            else:
                actions.add_member(None, org, email=email, role=role)
        User.objects.filter(email="admin@wholeroute.example").update(is_staff=True, is_superuser=True)
    return f"{created} organisations created, {len(wanted) - created} already present; {users} demo users created"
