"""Reference geography: countries and the areas sources report on, groupings with dates, Frontex routes."""

import datetime

from django.db import models


class CountryQuerySet(models.QuerySet):
    def countries(self):
        return self.filter(kind__in=[Country.Kind.COUNTRY, Country.Kind.TERRITORY])


class Country(models.Model):
    """A country or territory, or a non-country area that sources report (aggregates, Unknown, Stateless).

    `kind` keeps aggregates (EU27_2020, totals) and non-countries apart from countries, so a resolver can map
    every source code to one row without pretending an aggregate is a country.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        TERRITORY = "territory", "Territory"
        AGGREGATE = "aggregate", "Aggregate of countries"
        NON_COUNTRY = "non_country", "Not a country (unknown, stateless, unspecified)"

    code = models.CharField("code", max_length=16, unique=True, help_text="ISO 3166 alpha-2 where one exists")
    iso3 = models.CharField(max_length=3, blank=True, db_index=True)
    numeric = models.CharField(max_length=3, blank=True)
    eurostat_code = models.CharField(max_length=16, blank=True, db_index=True)
    name = models.CharField(max_length=120)
    official_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COUNTRY)
    note = models.TextField(blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    @property
    def is_country(self):
        return self.kind in {self.Kind.COUNTRY, self.Kind.TERRITORY}

    def membership_on(self, grouping_code: str, on: datetime.date | None = None):
        """The membership row in force on the date (default: today), or None. Its `scope` says when only part of
        the grouping's rules applied (e.g. Schengen for 'air and sea borders' only); empty scope = full."""
        on = on or datetime.date.today()
        return self.grouping_memberships.filter(
            grouping__code=grouping_code, start__lte=on
        ).filter(models.Q(end__isnull=True) | models.Q(end__gte=on)).order_by("-start").first()

    def is_member(self, grouping_code: str, on: datetime.date | None = None, border: str | None = None) -> bool:
        """Was this country in the grouping (EU, SCHENGEN, EU_PLUS) on the given date (default: today)?

        With `border` ("air", "sea" or "land") the answer is yes only if that kind of border was covered: a
        membership with a scope (e.g. "air and sea borders") covers only the borders its scope names."""
        membership = self.membership_on(grouping_code, on)
        if membership is None:
            return False
        return membership.covers(border)


class Grouping(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    def __str__(self):
        return self.name


class GroupingMembership(models.Model):
    """A country's membership of a grouping from `start` to `end` (inclusive; open-ended when end is empty)."""

    grouping = models.ForeignKey(Grouping, on_delete=models.PROTECT, related_name="memberships")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="grouping_memberships")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    scope = models.CharField(max_length=80, blank=True, help_text="e.g. 'air and sea borders' for partial Schengen")
    source = models.URLField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    uncertain = models.BooleanField(default=False, help_text="a fact not confirmed in the source; the note says why")

    class Meta:
        ordering = ["grouping", "country__name", "start"]
        constraints = [models.UniqueConstraint(fields=["grouping", "country", "start"], name="one_membership_per_start")]

    def __str__(self):
        return f"{self.country} in {self.grouping.code} from {self.start}"

    def covers(self, border: str | None = None) -> bool:
        """Does this membership cover that kind of border ("air", "sea", "land"; None = any part)?"""
        if border is None or not self.scope:
            return True
        return border.lower() in self.scope.lower().replace(",", " ").split()


class Route(models.Model):
    """A Frontex migratory route as used in its statistics of detections of illegal border-crossing."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    frontex_name = models.CharField(max_length=120, unique=True, help_text="exact name in Frontex files")
    short_name = models.CharField(max_length=120, blank=True, help_text="name in the Frontex dictionary sheet")
    description = models.TextField(blank=True)
    eu_border_sections = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True, help_text="the reference file's notes on the route")
    aliases = models.JSONField(default=list, blank=True, help_text="names other bodies use for the route")
    changes = models.JSONField(default=list, blank=True, help_text="dated changes over time, with sources")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RouteCountry(models.Model):
    class Role(models.TextChoices):
        ORIGIN = "origin", "Origin"
        TRANSIT = "transit", "Transit"
        DEPARTURE = "departure", "Departure"
        DESTINATION = "destination", "Destination"

    ROLE_ORDER = [Role.ORIGIN, Role.TRANSIT, Role.DEPARTURE, Role.DESTINATION]

    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="route_countries")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="route_roles")
    role = models.CharField(max_length=12, choices=Role.choices)
    note = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    computed = models.JSONField(default=dict, blank=True, help_text="figures computed from Frontex data")
    role_detail = models.CharField(max_length=120, blank=True, help_text="e.g. 'EU Member State, prior entry'")
    designation_note = models.TextField(blank=True, help_text="how sources mark the name (Kosovo*, Palestine^)")
    uncertain = models.BooleanField(default=False, help_text="the compiler's inference, not read in a source")

    class Meta:
        ordering = ["route", "role", "country__name"]
        constraints = [models.UniqueConstraint(fields=["route", "country", "role"], name="one_role_per_route_country")]

    def __str__(self):
        return f"{self.country} — {self.get_role_display()} on {self.route}"
