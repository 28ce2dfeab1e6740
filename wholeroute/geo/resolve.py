"""The one place where the country names and codes used by every source become a `Country`.

    resolver = Resolver()                      # loads countries and aliases once
    resolver.resolve("EL")                     # Greece (Eurostat code)
    resolver.resolve("Kosovo*")                # Kosovo (Frontex marking stripped)
    resolver.resolve("ALG", scheme="unhcr")    # Algeria (UNHCR's own three-letter code)
    resolve("Türkiye")                         # module shortcut; raises Unresolved

Accepted: ISO 3166 alpha-2, alpha-3 and numeric codes; Eurostat codes (EL, UK, EU27_2020 …); English names
and their common variants used by Eurostat, Frontex, IOM, UNHCR, the World Bank and UN DESA (from pycountry
and `aliases.yaml`); aggregates and non-countries (Unknown, Stateless …) from `areas.yaml`. UNHCR's own codes
are only read with `scheme="unhcr"`, because some of them are other countries' ISO codes.
"""

import csv
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
import yaml

APP_DIR = Path(__file__).resolve().parent
UNHCR_CODES_FILE = APP_DIR.parents[1] / "data" / "unhcr" / "unhcr_countries.csv"


class Unresolved(LookupError):
    def __init__(self, text, scheme=None):
        self.text = text
        super().__init__(
            f"unknown country or area {text!r}"
            + (f" (read as a {scheme} code)" if scheme else "")
            + "; add it to wholeroute/geo/aliases.yaml if it is a spelling of a known country"
        )


def normalise(text) -> str:
    text = str(text).strip().rstrip("*^").strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("`", "'")
    return " ".join(text.casefold().split())


@cache
def _alias_file():
    return yaml.safe_load((APP_DIR / "aliases.yaml").read_text())


@cache
def _areas_file():
    return yaml.safe_load((APP_DIR / "areas.yaml").read_text())


def alias_table() -> dict[str, str]:
    """normalised text → Country.code, from pycountry, areas.yaml and aliases.yaml (no database)."""
    table: dict[str, str] = {}

    def add(text, code):
        if text not in (None, ""):
            table.setdefault(normalise(text), code)

    for c in pycountry.countries:
        for text in (c.alpha_2, c.alpha_3, c.numeric, getattr(c, "common_name", None), c.name,
                     getattr(c, "official_name", None)):
            add(text, c.alpha_2)
    add("EL", "GR")
    add("UK", "GB")
    for entry in _areas_file()["areas"]:
        for text in [entry["code"], entry.get("iso3"), entry.get("eurostat_code"), entry["name"],
                     *entry.get("aliases", [])]:
            add(text, entry["code"])
    for code, names in _alias_file()["aliases"].items():
        for text in names:
            table[normalise(text)] = code  # explicit aliases win over derived ones
    return table


@cache
def unhcr_table() -> dict[str, str]:
    table = {}
    extra = _alias_file().get("unhcr_codes", {})
    with open(UNHCR_CODES_FILE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["unhcr_code"] and row["iso_code"]:
                table[normalise(row["unhcr_code"])] = row["iso_code"]
    for code, target in extra.items():
        table[normalise(code)] = target
    return table


class Resolver:
    def __init__(self):
        from wholeroute.geo.models import Country

        self._by_code = {c.code: c for c in Country.objects.all()}
        self._table = alias_table()
        self._cache: dict[tuple[str, str | None], object] = {}

    def code_for(self, text, scheme: str | None = None) -> str | None:
        """The Country.code for a source value, without touching the database."""
        key = normalise(text)
        if not key:
            return None
        if scheme == "unhcr" and key in unhcr_table():
            key = normalise(unhcr_table()[key])
        return self._table.get(key)

    def resolve(self, text, scheme: str | None = None):
        cache_key = (str(text), scheme)
        if cache_key not in self._cache:
            code = self.code_for(text, scheme)
            self._cache[cache_key] = self._by_code.get(code) if code else None
        return self._cache[cache_key]


def resolve(text, scheme: str | None = None):
    country = Resolver().resolve(text, scheme)
    if country is None:
        raise Unresolved(text, scheme)
    return country


class RouteResolver:
    """Frontex route names, the Frontex dictionary's short names and other publishers' names for the same
    route (the `aliases` of data/reference/routes.yaml, e.g. IOM's "Western African Atlantic Route")."""

    def __init__(self):
        from wholeroute.geo.models import Route
        from wholeroute.geo.seed import ROUTES_FILE

        routes = {r.slug: r for r in Route.objects.all()}
        self._table = {}
        for r in routes.values():
            for text in (r.frontex_name, r.name, r.short_name, r.slug):
                if text:
                    self._table[normalise(text)] = r
        for spec in yaml.safe_load(ROUTES_FILE.read_text())["routes"]:
            route = routes.get(spec["id"].replace("_", "-"))
            for alias in spec.get("aliases") or []:
                if route is not None and alias.get("match") == "same route":
                    self._table.setdefault(normalise(alias["name"]), route)

    def resolve(self, text):
        return self._table.get(normalise(text)) if text else None
