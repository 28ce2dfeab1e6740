"""Reference geography: countries and areas, groupings with dates, routes, and the one resolver."""

import datetime

import pytest
import yaml

from wholeroute.geo import seed
from wholeroute.geo.models import Country, GroupingMembership, Route, RouteCountry
from wholeroute.geo.resolve import Resolver, Unresolved, resolve
from wholeroute.geo.tests.source_columns import country_values

D = datetime.date


@pytest.fixture
def geography(db):
    seed.run(demo=False, stdout=None)


def test_every_iso_country_and_kosovo_are_seeded(geography):
    import pycountry

    iso = {c.alpha_2 for c in pycountry.countries}
    assert iso | {"XK"} <= set(Country.objects.countries().values_list("code", flat=True))
    kosovo = Country.objects.get(code="XK")
    assert kosovo.iso3 == "XKX" and kosovo.is_country


def test_eurostat_codes_differ_only_where_eurostat_says_so(geography):
    assert Country.objects.get(code="GR").eurostat_code == "EL"
    assert Country.objects.get(code="GB").eurostat_code == "UK"
    assert Country.objects.get(code="FR").eurostat_code == "FR"


def test_aggregates_and_non_countries_are_never_counted_as_countries(geography):
    codes = set(Country.objects.countries().values_list("code", flat=True))
    assert {"EU27_2020", "EU28", "TOTAL", "UNK", "STLS", "OOS"}.isdisjoint(codes)
    assert Country.objects.get(code="EU27_2020").kind == Country.Kind.AGGREGATE
    assert Country.objects.get(code="UNK").kind == Country.Kind.NON_COUNTRY


@pytest.mark.parametrize(("code", "day", "expected"), [
    ("GB", D(2020, 1, 31), True), ("GB", D(2020, 2, 1), False),
    ("HR", D(2013, 6, 30), False), ("HR", D(2013, 7, 1), True),
    ("SE", D(1994, 12, 31), False), ("SE", D(1995, 1, 1), True),
    ("NO", D(2026, 1, 1), False),
])
def test_eu_membership_on_a_date(geography, code, day, expected):
    assert Country.objects.get(code=code).is_member("EU", day) is expected


def test_schengen_membership_follows_the_steps_of_lifting_checks(geography):
    bulgaria = Country.objects.get(code="BG")
    assert not bulgaria.is_member("SCHENGEN", D(2024, 3, 30))
    assert bulgaria.is_member("SCHENGEN", D(2024, 4, 1))
    partial = GroupingMembership.objects.get(grouping__code="SCHENGEN", country=bulgaria, start=D(2024, 3, 31))
    assert partial.scope == "air and sea borders" and partial.end == D(2024, 12, 31)
    assert GroupingMembership.objects.filter(grouping__code="SCHENGEN", country=bulgaria, start=D(2025, 1, 1),
                                             end__isnull=True, scope="").exists()
    assert Country.objects.get(code="HR").is_member("SCHENGEN", D(2023, 1, 1))
    assert not Country.objects.get(code="HR").is_member("SCHENGEN", D(2022, 12, 31))
    assert not Country.objects.get(code="IE").is_member("SCHENGEN", D(2026, 1, 1))


def test_eu_plus_is_the_eu_with_iceland_liechtenstein_norway_and_switzerland(geography):
    today = D(2026, 11, 28)
    members = {c.code for c in Country.objects.all() if c.is_member("EU_PLUS", today)}
    eu = {c.code for c in Country.objects.all() if c.is_member("EU", today)}
    assert len(eu) == 27
    assert members == eu | {"IS", "LI", "NO", "CH"}


def test_routes_and_their_countries_come_from_the_sourced_reference_file(geography):
    reference = yaml.safe_load(open(seed.ROUTES_FILE))
    assert Route.objects.count() == len(reference["routes"]) == 9
    central = Route.objects.get(frontex_name="Central Mediterranean Route")
    spec = next(r for r in reference["routes"] if r["id"] == "central_mediterranean")
    for role, entries in spec["countries"].items():
        seeded = set(central.route_countries.filter(role=role).values_list("country__code", flat=True))
        assert seeded == {e["code"] for e in entries}, role
    libya = RouteCountry.objects.get(route=central, country__code="LY", role="departure")
    assert any("frontex.europa.eu" in s for s in libya.sources)


def test_seeding_twice_changes_nothing(geography):
    counts = (Country.objects.count(), GroupingMembership.objects.count(), RouteCountry.objects.count())
    assert seed.run(demo=False, stdout=None).startswith("0 created, 0 updated")
    assert counts == (Country.objects.count(), GroupingMembership.objects.count(), RouteCountry.objects.count())


@pytest.mark.parametrize(("text", "scheme", "code"), [
    ("EL", None, "GR"), ("UK", None, "GB"), ("GRC", None, "GR"), ("300", None, "GR"),
    ("Kosovo*", None, "XK"), ("XKX", None, "XK"), ("Palestine^", None, "PS"), ("OOO", None, "UNK"),
    ("Stateless", None, "STLS"), ("Unspecified sub-Saharan nationals", None, "OOS"),
    ("Türkiye", None, "TR"), ("Turkey", None, "TR"), ("Côte d'Ivoire", None, "CI"), ("cote d'ivoire", None, "CI"),
    ("Syrian Arab Republic", None, "SY"), ("Iran (Islamic Republic of)", None, "IR"),
    ("Democratic Republic of the Congo", None, "CD"), ("European Union - 27 countries (from 2020)", None, "EU27_2020"),
    ("ALG", "unhcr", "DZ"), ("AUL", "unhcr", "AU"), ("  tunisia ", None, "TN"),
])
def test_the_resolver_understands_every_naming_the_sources_use(geography, text, scheme, code):
    assert Resolver().resolve(text, scheme).code == code


def test_an_unknown_name_is_reported_not_guessed(geography):
    assert Resolver().resolve("Atlantis") is None
    with pytest.raises(Unresolved, match="Atlantis"):
        resolve("Atlantis")


def test_every_country_column_of_every_shipped_data_file_resolves(geography):
    resolver = Resolver()
    unresolved = []
    checked = 0
    for file, column, scheme, values in country_values():
        for value in sorted(values):
            checked += 1
            if resolver.resolve(value, scheme) is None:
                unresolved.append(f"{file} [{column}]: {value!r}")
    assert checked > 2000
    assert unresolved == [], "\n".join(unresolved)


def test_the_country_page_shows_groupings_and_routes(client, geography):
    page = client.get("/countries/TN/").content.decode()
    assert "Tunisia" in page and "Central Mediterranean" in page and "departure" in page
    greece = client.get("/countries/GR/").content.decode()
    assert "European Union" in greece and "Schengen area" in greece and "Eurostat EL" in greece


def test_the_route_page_lists_countries_by_role_in_order(client, geography):
    page = client.get("/routes/central-mediterranean/").content.decode()
    positions = [page.index(heading) for heading in ("Origin", "Transit", "Departure", "Destination")]
    assert positions == sorted(positions)
    assert "Libya" in page and "Italy" in page


def test_the_geography_api_answers_eu_membership_on_a_date(client, geography):
    members = client.get("/api/geo/countries", {"grouping": "EU", "on": "2020-01-31"}).json()
    assert "GB" in {c["code"] for c in members} and len(members) == 28
    after = client.get("/api/geo/countries", {"grouping": "EU", "on": "2020-02-01"}).json()
    assert "GB" not in {c["code"] for c in after}
    route = client.get("/api/geo/routes/eastern-borders").json()
    assert {"code": "BY", "name": "Belarus", "role": "departure"} in route["countries"] or any(
        c["code"] == "BY" for c in route["countries"])
    assert client.get("/api/geo/countries/XK").json()["iso3"] == "XKX"
