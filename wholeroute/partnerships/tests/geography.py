"""Reference geography for the partnerships and actors tests.

Uses the geo app's own seed when it exists; until then builds the minimum those tests need from the same
sources (pycountry, the EU accession dates, data/reference/routes.yaml), so the tests run on real data.
"""

import datetime
import warnings
from pathlib import Path

import pycountry
import yaml

ROUTES_FILE = Path(__file__).resolve().parents[3] / "data" / "reference" / "routes.yaml"

# EU membership (accession dates; the United Kingdom until 31 January 2020).
EU_MEMBERS = {
    **dict.fromkeys(["BE", "DE", "FR", "IT", "LU", "NL"], ("1958-01-01", None)),
    **dict.fromkeys(["DK", "IE"], ("1973-01-01", None)), "GB": ("1973-01-01", "2020-01-31"), "GR": ("1981-01-01", None),
    **dict.fromkeys(["ES", "PT"], ("1986-01-01", None)), **dict.fromkeys(["AT", "FI", "SE"], ("1995-01-01", None)),
    **dict.fromkeys(["CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI"], ("2004-05-01", None)),
    **dict.fromkeys(["BG", "RO"], ("2007-01-01", None)), "HR": ("2013-07-01", None),
}


def load_geography():
    try:
        from wholeroute.geo import seed as geo_seed
    except ImportError:
        geo_seed = None
    if geo_seed is not None:
        try:
            geo_seed.run(demo=False, stdout=None)
            return
        except Exception as exc:  # noqa: BLE001 — the geo seed is the geo app's to fix; these tests go on
            warnings.warn(f"geo seed failed ({exc!r}); using the minimal geography of the partnerships tests",
                          stacklevel=2)
    from wholeroute.geo.models import Country, Grouping, GroupingMembership, Route, RouteCountry

    if Country.objects.exists():
        return
    Country.objects.bulk_create([Country(code=c.alpha_2, iso3=c.alpha_3, numeric=c.numeric, name=c.name)
                                 for c in pycountry.countries] + [Country(code="XK", iso3="XKX", name="Kosovo")])
    eu = Grouping.objects.create(code="EU", name="European Union")
    countries = {c.code: c for c in Country.objects.all()}
    GroupingMembership.objects.bulk_create([
        GroupingMembership(grouping=eu, country=countries[code], start=datetime.date.fromisoformat(start),
                           end=datetime.date.fromisoformat(end) if end else None)
        for code, (start, end) in EU_MEMBERS.items()
    ])
    data = yaml.safe_load(ROUTES_FILE.read_text(encoding="utf-8"))
    for order, r in enumerate(data["routes"]):
        route = Route.objects.create(slug=r["id"].replace("_", "-"), name=r["label"], order=order,
                                     frontex_name=r["frontex_names"]["detections_sheet_and_long_csv"])
        for role, items in (r.get("countries") or {}).items():
            for item in items or []:
                code = item.get("code")
                if code in countries and role in RouteCountry.Role.values:
                    RouteCountry.objects.get_or_create(route=route, country=countries[code], role=role)
