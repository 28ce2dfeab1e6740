"""Funding on the country, route and home pages (only what the user may see)."""

from wholeroute.funding import ledger


def country(user, country):
    return ledger.country_sections(user, country)


def route(user, route):
    return ledger.route_sections(user, route)


def home(user):
    return [ledger.overview_section(user)]
