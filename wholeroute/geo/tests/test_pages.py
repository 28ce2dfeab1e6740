"""Country and route pages: public reference data, the same for every visitor."""

import re

import pytest
from django.test import Client


def _text(response):
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_country_page_shows_codes_groupings_with_dates_and_routes_with_roles(client, geo):
    page = _text(client.get("/countries/GR/"))
    assert "Eurostat EL" in page and "ISO GR / GRC / 300" in page
    assert "European Union" in page and "1 January 1981" in page and "Schengen area" in page
    assert "<caption>Greece: membership of groupings" in page
    assert 'href="/routes/eastern-mediterranean/"' in page and "Destination" in page
    assert '<nav class="breadcrumbs"' in page and 'href="/countries/"' in page


def test_the_country_page_shows_the_uk_left_the_eu_on_31_january_2020(client, geo):
    page = _text(client.get("/countries/gb/"))
    assert "31 January 2020" in page and "Member today of</dt><dd>none of the EU, Schengen or EU+" in page


def test_the_country_page_of_a_partner_country_lists_its_route_roles(client, geo):
    page = _text(client.get("/countries/TN/"))
    assert "Tunisia" in page and "Central Mediterranean" in page
    assert "<td>Departure</td>" in page and "<td>Origin</td>" in page
    assert "Not a member of the EU, the Schengen area or EU+ at any date." in page


def test_an_aggregate_page_says_it_is_not_a_country(client, geo):
    page = _text(client.get("/countries/EU27_2020/"))
    assert "is not a country and is never counted as one" in page


def test_an_unknown_country_code_is_not_found(client, geo):
    assert client.get("/countries/QQ/").status_code == 404
    assert client.get("/routes/no-such-route/").status_code == 404


def test_the_route_page_lists_countries_by_role_from_origin_to_destination(client, geo):
    page = _text(client.get("/routes/central-mediterranean/"))
    headings = [page.index(f'<h3 id="role-{role}">') for role in ("origin", "transit", "departure", "destination")]
    assert headings == sorted(headings)
    departure = page[headings[2]:headings[3]]
    assert "Libya" in departure and "Tunisia" in departure
    assert "Italy" in page[headings[3]:]
    assert "<caption>Departure countries on the Central Mediterranean route: " in page
    assert "uncertain" in page[headings[1]:headings[2]]  # Algeria as transit is the compiler's inference


def test_the_route_page_shows_a_role_without_countries_as_a_gap(client, geo):
    page = _text(client.get("/routes/other/"))
    assert "<strong>Gap:</strong> no departure country recorded for this route." in page
    assert "Roles with no country recorded</dt><dd>" in page


def test_the_routes_page_counts_countries_per_role(client, geo):
    page = _text(client.get("/routes/"))
    assert len(re.findall(r'href="/routes/[a-z-]+/"', page)) == 9
    assert "<caption>Frontex migratory routes and the number of countries recorded per role</caption>" in page


def test_the_countries_page_filters_by_kind_grouping_and_name(client, geo):
    page = _text(client.get("/countries/", {"kind": "aggregate"}))
    assert "European Union – 27 countries (from 2020)" in page and ">Tunisia<" not in page
    eu = _text(client.get("/countries/", {"grouping": "EU"}))
    assert ">France<" in eu and ">Norway<" not in eu and "in the European Union today: 27" in eu
    found = _text(client.get("/countries/", {"q": "EL"}))
    assert ">Greece<" in found
    everything = _text(client.get("/countries/"))
    assert ">Unknown<" not in everything and ">Kosovo<" in everything


@pytest.mark.parametrize("user", [None, "vera", "bob", "carol", "ivan"])
def test_reference_pages_are_public_and_the_same_for_every_visitor(request, geo, client_of, user):
    client = client_of(request.getfixturevalue(user)) if user else Client()
    for url in ("/countries/", "/countries/XK/", "/routes/", "/routes/western-balkan/"):
        assert client.get(url).status_code == 200, url
    assert "Kosovo" in _text(client.get("/countries/XK/"))
