"""Seeding the reference geography: countries, areas, groupings and routes, idempotent and atomic."""

import pycountry
import pytest
import yaml

from wholeroute.access.models import AuditEntry
from wholeroute.geo import seed
from wholeroute.geo.models import Country, Grouping, GroupingMembership, Route, RouteCountry


def _counts():
    return tuple(m.objects.count() for m in (Country, Grouping, GroupingMembership, Route, RouteCountry))


def test_every_iso_country_and_territory_and_kosovo_are_seeded(geo):
    codes = set(Country.objects.countries().values_list("code", flat=True))
    assert {c.alpha_2 for c in pycountry.countries} | {"XK"} <= codes
    kosovo = Country.objects.get(code="XK")
    assert (kosovo.iso3, kosovo.kind) == ("XKX", Country.Kind.COUNTRY)


def test_dependent_territories_are_territories_and_un_states_are_countries(geo):
    assert Country.objects.filter(kind=Country.Kind.COUNTRY).count() == 197  # 193 UN + VA, PS + TW + XK
    for code in ("GL", "PR", "HK", "RE", "EH", "NC"):
        assert Country.objects.get(code=code).kind == Country.Kind.TERRITORY, code
    for code in ("VA", "PS", "TN", "LY", "FR"):
        assert Country.objects.get(code=code).kind == Country.Kind.COUNTRY, code


def test_eurostat_codes_differ_from_iso_only_for_greece_and_the_united_kingdom(geo):
    differing = {c.code: c.eurostat_code for c in Country.objects.filter(kind=Country.Kind.COUNTRY)
                 if c.eurostat_code != c.code}
    assert differing == {"GR": "EL", "GB": "UK"}


def test_aggregates_and_non_countries_are_not_countries(geo):
    codes = set(Country.objects.countries().values_list("code", flat=True))
    assert {"EU27_2020", "EU28", "EU27_2007", "EU25", "EU15", "EFTA", "TOTAL", "WLD", "SSF",
            "UNK", "STLS", "OOS", "RNC"}.isdisjoint(codes)
    assert Country.objects.get(code="EU27_2020").kind == Country.Kind.AGGREGATE
    assert Country.objects.get(code="WLD").kind == Country.Kind.AGGREGATE
    for code in ("UNK", "STLS", "OOS", "RNC"):
        assert Country.objects.get(code=code).kind == Country.Kind.NON_COUNTRY
    assert not Country.objects.get(code="UNK").is_country


def test_every_membership_names_a_source_and_uncertain_ones_say_why(geo):
    assert not GroupingMembership.objects.filter(source="").exists()
    uncertain = GroupingMembership.objects.filter(uncertain=True)
    assert uncertain.exists() and not uncertain.filter(note="").exists()
    uk = GroupingMembership.objects.get(grouping__code="EU", country__code="GB")
    assert "eur-lex.europa.eu" in uk.source and not uk.uncertain


def test_routes_and_roles_come_from_the_sourced_reference_file(geo):
    reference = yaml.safe_load(seed.ROUTES_FILE.read_text())
    assert Route.objects.count() == len(reference["routes"]) == 9
    for spec in reference["routes"]:
        route = Route.objects.get(slug=spec["id"].replace("_", "-"))
        assert route.frontex_name == spec["frontex_names"]["detections_sheet_and_long_csv"]
        for role, entries in (spec.get("countries") or {}).items():
            seeded = set(route.route_countries.filter(role=role).values_list("country__code", flat=True))
            assert seeded == {e["code"] for e in entries or [] if e.get("code")}, (spec["id"], role)


def test_real_route_entries_keep_their_notes_sources_figures_and_flags(geo):
    central = Route.objects.get(slug="central-mediterranean")
    tunisia = RouteCountry.objects.get(route=central, country__code="TN", role="origin")
    assert tunisia.computed == {"rank_2019_2023": 1, "detections_2019_2023": 67719, "share_pct": 17.8}
    assert "https://frontex.europa.eu/we-know/migratory-routes/central-mediterranean-route/" in tunisia.sources
    algeria = RouteCountry.objects.get(route=central, country__code="DZ", role="transit")
    assert algeria.uncertain and "IOM" in algeria.note
    greece = RouteCountry.objects.get(route__slug="western-balkan", country__code="GR", role="transit")
    assert greece.role_detail == "EU Member State, prior entry"
    assert central.changes[0]["period"] == "2016" and central.aliases
    assert Route.objects.get(slug="other").notes


def test_seeding_twice_creates_nothing_and_writes_no_audit_row(geo):
    counts, audits = _counts(), AuditEntry.objects.filter(verb="geo.seed").count()
    assert seed.run(demo=False, stdout=None) == f"0 created, 0 updated, {sum(counts)} unchanged, 0 removed"
    assert _counts() == counts
    assert AuditEntry.objects.filter(verb="geo.seed").count() == audits


def test_a_seed_run_that_changes_something_records_one_audit_row(db):
    seed.run(demo=False, stdout=None)
    entries = AuditEntry.objects.filter(verb="geo.seed")
    assert entries.count() == 1
    assert entries.get().after["created"] == sum(_counts())


def test_a_row_edited_by_hand_is_put_back_by_the_next_seed(geo):
    Country.objects.filter(code="GR").update(eurostat_code="GR", name="Hellas")
    assert seed.run(demo=False, stdout=None).startswith("0 created, 1 updated")
    assert Country.objects.get(code="GR").eurostat_code == "EL"


def test_a_membership_no_longer_in_the_file_is_removed(geo):
    GroupingMembership.objects.create(grouping=Grouping.objects.get(code="EU"), country=Country.objects.get(code="NO"),
                                      start="1995-01-01", source="https://example.org/not-a-member")
    seed.run(demo=False, stdout=None)
    assert not Country.objects.get(code="NO").is_member("EU")


def test_a_reference_file_naming_an_unknown_country_fails_with_nothing_written(db, tmp_path, monkeypatch):
    bad = yaml.safe_load(seed.GROUPINGS_FILE.read_text())
    bad["groupings"]["EU"]["members"].append({"countries": ["QQ"], "start": "2030-01-01", "source": "https://x.test"})
    path = tmp_path / "groupings.yaml"
    path.write_text(yaml.safe_dump(bad))
    monkeypatch.setattr(seed, "GROUPINGS_FILE", path)
    with pytest.raises(seed.SeedError, match=r"groupings.yaml: EU member entry 10: unknown country code 'QQ'"):
        seed.run(demo=False, stdout=None)
    assert _counts() == (0, 0, 0, 0, 0)
