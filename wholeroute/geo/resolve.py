"""The one place where the country names and codes used by every source become a `Country`.

    resolver = Resolver()                      # loads countries and aliases once
    resolver.resolve("EL")                     # Greece (Eurostat code)
    resolver.resolve("Kosovo*")                # Kosovo (Frontex designation mark stripped)
    resolver.resolve("OOO")                    # Unknown (a non-country: check `country.is_country`)
    resolver.resolve("Atlantis")               # None: unresolved, never guessed
    resolver.resolve("AUS", scheme="unhcr")    # Austria: UNHCR's own code, read as such in UNHCR's coo/coa columns
    resolve("Türkiye")                         # module shortcut for one-off look-ups; raises Unresolved

Accepted: ISO 3166 alpha-2, alpha-3 and numeric codes; Eurostat codes (EL, UK, EU27_2020 …); English names and
their variants used by Eurostat, Frontex, IOM, UNHCR, the World Bank and UN DESA (from pycountry and
`aliases.yaml`); aggregates and non-countries (Unknown, Stateless …) from `areas.yaml`; UNHCR's own three-letter
codes (data/unhcr/unhcr_countries.csv). A few UNHCR codes are other countries' ISO codes (AUS = Austria for
UNHCR, Australia in ISO; ARE = Egypt for UNHCR, United Arab Emirates in ISO): without `scheme="unhcr"` a code is
read as ISO first and UNHCR only when it means nothing else, so importers of UNHCR's `coo`/`coa` columns pass
`scheme="unhcr"`.
"""

import csv
import difflib
import unicodedata
from functools import cache
from pathlib import Path

import pycountry
import yaml

try:  # libyaml: routes.yaml loads in 0.05 s instead of 0.4 s
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader

APP_DIR = Path(__file__).resolve().parent
UNHCR_CODES_FILE = APP_DIR.parents[1] / "data" / "unhcr" / "unhcr_countries.csv"


class Unresolved(LookupError):
    """A source value that names no known country or area."""

    def __init__(self, text, scheme=None, suggestions=()):
        self.text = text
        self.scheme = scheme
        self.suggestions = list(suggestions)
        message = f"unknown country or area {text!r}"
        if scheme:
            message += f" (read as a {scheme} code)"
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        message += ("; if it is a spelling of a known country add it to wholeroute/geo/aliases.yaml, if it is an "
                    "aggregate or a non-country (unknown, stateless) add it to wholeroute/geo/areas.yaml")
        super().__init__(message)


def normalise(text) -> str:
    """The matching key: no accents, case or extra spaces, Frontex designation marks (* ^) stripped, and
    numeric codes zero-padded to three digits ("4" → "004")."""
    text = str(text).strip().rstrip("*^").strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("`", "'").replace("–", "-")
    text = " ".join(text.casefold().split())
    if text.isdigit() and len(text) < 3:
        text = text.zfill(3)
    return text


@cache
def _alias_file():
    return yaml.load((APP_DIR / "aliases.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)


@cache
def _areas_file():
    return yaml.load((APP_DIR / "areas.yaml").read_text(encoding="utf-8"), Loader=SafeLoader)


@cache
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
    """UNHCR's own code (normalised) → the ISO alpha-3 or area code UNHCR gives for it."""
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
    """Load every Country row and alias once; then `resolve(text)` is a dictionary look-up."""

    def __init__(self):
        from wholeroute.geo.models import Country

        self._by_code = {c.code: c for c in Country.objects.all()}
        self._table = alias_table()
        self._unhcr = unhcr_table()
        self._cache: dict[tuple[str, str | None], object] = {}

    def code_for(self, text, scheme: str | None = None) -> str | None:
        """The Country.code for a source value, without touching the database."""
        if text is None:
            return None
        key = normalise(text)
        if not key:
            return None
        if scheme == "unhcr" and key in self._unhcr:
            return self._table.get(normalise(self._unhcr[key]))
        code = self._table.get(key)
        if code is None and key in self._unhcr:  # a UNHCR-only code such as ALG, that means nothing else
            code = self._table.get(normalise(self._unhcr[key]))
        return code

    def resolve(self, text, scheme: str | None = None):
        """The Country (or aggregate / non-country area) the source value names, or None when unresolved."""
        cache_key = (str(text), scheme)
        if cache_key not in self._cache:
            code = self.code_for(text, scheme)
            self._cache[cache_key] = self._by_code.get(code) if code else None
        return self._cache[cache_key]

    def suggestions(self, text, n: int = 3) -> list[str]:
        """Known spellings closest to an unresolved value, for error messages."""
        key = normalise(text) if text is not None else ""
        if len(key) < 4:
            return []
        matches = difflib.get_close_matches(key, [k for k in self._table if len(k) > 3], n=n, cutoff=0.75)
        return [f"{self._by_code[self._table[m]].name} ({self._table[m]})" for m in matches
                if self._table[m] in self._by_code]


def resolve(text, scheme: str | None = None):
    """The Country for a source value; raises `Unresolved` naming the value and close known spellings."""
    resolver = Resolver()
    country = resolver.resolve(text, scheme)
    if country is None:
        raise Unresolved(text, scheme, resolver.suggestions(text))
    return country


class RouteResolver:
    """Frontex route names, the Frontex dictionary's short names and other publishers' names for the same
    route (the `aliases` of data/reference/routes.yaml, e.g. IOM's "Western African Atlantic Route")."""

    def __init__(self):
        from wholeroute.geo.models import Route

        routes = list(Route.objects.all())
        self._table = {}
        for r in routes:
            for text in (r.frontex_name, r.name, r.short_name, r.slug):
                if text:
                    self._table[normalise(text)] = r
        for r in routes:
            for alias in r.aliases or []:
                if alias.get("match") == "same route":
                    self._table.setdefault(normalise(alias["name"]), r)

    def resolve(self, text):
        return self._table.get(normalise(text)) if text else None
