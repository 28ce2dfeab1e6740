"""The one resolver: every naming the sources use becomes a Country, a known non-country, or None."""

import pytest

from wholeroute.geo.models import Country
from wholeroute.geo.resolve import Resolver, Unresolved, resolve
from wholeroute.geo.tests.source_columns import DATA, country_values

# Shipped files with no country column: EUTF organisations and results; the Refugee Data Finder's footnotes.
WITHOUT_COUNTRY_COLUMNS = {"iati_eutf/EUTF_akvo_orgs.csv", "iati_eutf/EUTF_akvo_results.csv.gz",
                           "unhcr/refugee_data_finder_query_2022-02-08/footnotes.csv"}


NAMINGS = [
    ("EL", "GR"), ("UK", "GB"), ("GRC", "GR"), ("300", "GR"), ("gb", "GB"), ("4", "AF"),
    ("Kosovo*", "XK"), ("XKX", "XK"), ("XK", "XK"), ("Palestine^", "PS"), ("PSE", "PS"),
    ("OOO", "UNK"), ("STL", "STLS"), ("OOS", "OOS"), ("Stateless", "STLS"), ("Unknown", "UNK"),
    ("Unspecified sub-Saharan nationals", "OOS"), ("UKN", "UNK"), ("XXA", "STLS"),
    ("Türkiye", "TR"), ("Turkey", "TR"), ("Turkiye", "TR"), ("Côte d'Ivoire", "CI"), ("cote d'ivoire", "CI"),
    ("Syrian Arab Republic", "SY"), ("Iran (Islamic Republic of)", "IR"), ("Iran, Islamic Rep.", "IR"),
    ("Democratic Republic of the Congo", "CD"), ("Congo, Dem. Rep.", "CD"), ("Congo (D.R.)", "CD"),
    ("Congo", "CG"), ("former Yugoslav Republic of Macedonia**", "MK"), ("Gambia, The", "GM"),
    ("United Republic of Tanzania", "TZ"), ("Korea (D.P.R)", "KP"), ("Viet Nam", "VN"),
    ("European Union - 27 countries (from 2020)", "EU27_2020"), ("EU27_2020", "EU27_2020"),
    ("European Union (28 countries)", "EU28"), ("Extra-EU-28", "EXT_EU28"), ("WLD", "WLD"), ("SSF", "SSF"),
    ("ALG", "DZ"), ("  tunisia ", "TN"), ("Serbia and Kosovo: S/RES/1244 (1999)", "RS"),
]


def test_the_resolver_reads_every_naming_the_sources_use(geo):
    resolver = Resolver()
    wrong = {text: getattr(resolver.resolve(text), "code", None) for text, code in NAMINGS
             if getattr(resolver.resolve(text), "code", None) != code}
    assert wrong == {}


def test_unhcr_codes_are_read_as_unhcr_codes_when_the_column_says_so(geo):
    resolver = Resolver()
    read = {code: resolver.resolve(code, scheme="unhcr").code for code in ("AUS", "ARE", "AUL", "ALG", "UKN", "STA")}
    assert read == {"AUS": "AT", "ARE": "EG", "AUL": "AU", "ALG": "DZ", "UKN": "UNK", "STA": "STLS"}


def test_a_unhcr_code_that_is_also_an_iso_code_is_read_as_iso_without_the_unhcr_scheme(geo):
    assert Resolver().resolve("AUS").code == "AU"  # Australia in ISO, Austria for UNHCR
    assert Resolver().resolve("ARE").code == "AE"


def test_the_resolver_reads_the_database_once(geo, django_assert_num_queries):
    resolver = Resolver()
    with django_assert_num_queries(0):
        assert resolver.resolve("Tunisia").code == "TN"
        assert resolver.resolve("EL").code == "GR"


def test_an_unknown_name_is_reported_not_guessed(geo):
    assert Resolver().resolve("Atlantis") is None
    assert Resolver().resolve("") is None and Resolver().resolve(None) is None
    with pytest.raises(Unresolved, match="Atlantis.*aliases.yaml"):
        resolve("Atlantis")


def test_the_error_for_a_misspelling_suggests_the_country_meant(geo):
    with pytest.raises(Unresolved) as error:
        resolve("Tunsia")
    assert error.value.text == "Tunsia" and "Tunisia (TN)" in str(error.value)


def test_the_module_shortcut_returns_the_country(geo):
    assert resolve("Palestine^") == Country.objects.get(code="PS")


def test_every_alias_points_at_a_seeded_area(geo):
    from wholeroute.geo.resolve import alias_table

    codes = set(Country.objects.values_list("code", flat=True))
    assert set(alias_table().values()) - codes == set()


def test_every_country_column_of_every_shipped_data_file_resolves(geo):
    """Must show (issue 3): zero unresolved country values in data/ (see source_columns.py for the columns)."""
    resolver = Resolver()
    unresolved, checked, files = [], 0, set()
    for file, column, scheme, values in country_values():
        files.add(file)
        for value in sorted(values):
            checked += 1
            if resolver.resolve(value, scheme) is None:
                unresolved.append(f"{file} [{column}]: {value!r}")
    shipped = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file() and p.suffix in {".csv", ".gz", ".xlsx"}
               and p.parts[-2] not in {"registry", "reference"}}
    assert shipped - files == WITHOUT_COUNTRY_COLUMNS
    assert checked > 9000
    assert unresolved == [], "unresolved country values:\n" + "\n".join(unresolved)
