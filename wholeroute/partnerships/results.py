"""Results frameworks: checking reported values and rolling them up to country, route and programme level.

Rules (where results platforms commonly go wrong):
- a cumulative count is never summed across periods: per indicator the latest period counts, then indicators
  are added up;
- a ratio is recomputed from summed numerators and denominators, never averaged;
- a breakdown (sex, age group, country) must add up to the total, or the value is flagged;
- numbers only: "N/A" or "about 300" is refused at input (parse_number);
- the same beneficiary group reported by two partnerships on one route in overlapping periods is flagged as
  possible double counting;
- a value above the plausibility bound (the indicator's own, or twice its target) is flagged.
"""

import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q

from wholeroute.access import policy
from wholeroute.partnerships.models import Partnership, ResultIndicator, ResultValue

Measure = ResultIndicator.Measure


def parse_number(raw, field_name="value"):
    """A Decimal from a number or a numeric string; None for empty; ValidationError for free text like "N/A"."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValidationError({field_name: "Enter a number, not yes/no."})
    if isinstance(raw, (int, decimal.Decimal)):
        return decimal.Decimal(raw)
    if isinstance(raw, float):
        return decimal.Decimal(str(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") and "." not in text and all(len(part) == 3 for part in text.split(",")[1:]):
        text = text.replace(",", "")  # thousands separators: 12,500
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValidationError({field_name: f"{raw!r} is not a number. Enter digits only (leave empty when the "
                                           f"value is not available)."}) from None
    if not number.is_finite():
        raise ValidationError({field_name: f"{raw!r} is not a finite number."})
    return number


def total_of(value: ResultValue):
    return value.numerator if value.indicator.measure == Measure.RATIO else value.value


def plausibility_bound(indicator):
    if indicator.plausibility_max is not None:
        return indicator.plausibility_max
    if indicator.target_value is not None and indicator.target_value > 0 and indicator.measure != Measure.RATIO:
        return indicator.target_value * 2
    return None


def value_flags(value: ResultValue, previous: ResultValue | None = None) -> list[str]:
    """What is wrong or doubtful with one reported value (not counting double counting, see double_counting)."""
    indicator = value.indicator
    flags = []
    total = total_of(value)
    for dim, categories in (value.breakdown or {}).items():
        parts = sum((decimal.Decimal(v) for v in categories.values()), decimal.Decimal(0))
        if total is not None and parts != total:
            flags.append(f"{dim.replace('_', ' ')} breakdown adds up to {parts:,f}, not the total {total:,f}"
                         .replace(".0000", ""))
    bound = plausibility_bound(indicator)
    if bound is not None and value.value is not None and value.value > bound:
        flags.append(f"above the plausibility bound of {bound:,f}".replace(".0000", ""))
    if indicator.measure == Measure.RATIO and value.numerator is not None and value.denominator is not None \
            and value.numerator > value.denominator and indicator.unit.strip() in ("%", "share", "rate"):
        flags.append("numerator larger than denominator")
    if indicator.measure == Measure.CUMULATIVE and previous is not None and previous.value is not None \
            and value.value is not None and value.value < previous.value:
        flags.append(f"cumulative value falls from {previous.value:,f} in {previous.period}".replace(".0000", ""))
    return flags


def routes_of(partnerships) -> dict[int, set[int]]:
    """{partnership id: route ids}: its own routes and the routes on which one of its countries has a role."""
    from wholeroute.geo.models import RouteCountry

    ids = [p.pk if hasattr(p, "pk") else p for p in partnerships]
    result = defaultdict(set)
    for pid, rid in Partnership.routes.through.objects.filter(partnership_id__in=ids).values_list(
            "partnership_id", "route_id"):
        result[pid].add(rid)
    pairs = Partnership.countries.through.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id", "country_id")
    by_country = defaultdict(set)
    for pid, cid in pairs:
        by_country[cid].add(pid)
    for cid, rid in RouteCountry.objects.filter(country_id__in=list(by_country)).exclude(
            role=RouteCountry.Role.DESTINATION).values_list("country_id", "route_id"):
        for pid in by_country[cid]:
            result[pid].add(rid)
    return result


def double_counting(values, user) -> dict[int, list[str]]:
    """{value id: flags} for values whose beneficiary group is also reported, in an overlapping period, by
    another partnership on a shared route. Only partnerships the user may see are named."""
    values = [v for v in values if v.indicator.beneficiary_group]
    if not values:
        return {}
    groups = {v.indicator.beneficiary_group for v in values}
    others = list(
        ResultValue.objects.filter(indicator__beneficiary_group__in=groups, indicator__withdrawn_at__isnull=True)
        .filter(policy.visibility_q(user, prefix="indicator__partnership__"))
        .select_related("indicator__partnership").distinct()
    )
    routes = routes_of({v.indicator.partnership_id for v in values} | {o.indicator.partnership_id for o in others})
    by_group = defaultdict(list)
    for o in others:
        by_group[o.indicator.beneficiary_group].append(o)
    flags = defaultdict(list)
    for v in values:
        mine = routes.get(v.indicator.partnership_id, set())
        for o in by_group[v.indicator.beneficiary_group]:
            if o.indicator.partnership_id == v.indicator.partnership_id:
                continue
            if not (mine & routes.get(o.indicator.partnership_id, set())):
                continue
            if o.period_start <= v.period_end and v.period_start <= o.period_end:
                flags[v.pk].append(f"possible double counting: {o.indicator.partnership.title} also reports "
                                   f"{v.indicator.beneficiary_group} for {o.period} on a shared route")
    return flags


@dataclass
class IndicatorView:
    indicator: ResultIndicator
    rows: list = field(default_factory=list)  # (value, flags)


def partnership_results(partnership, user) -> list[IndicatorView]:
    """Indicators and values of one partnership with their flags, in a bounded number of queries."""
    indicators = list(
        partnership.indicators.filter(withdrawn_at__isnull=True)
        .select_related("series")
        .prefetch_related(Prefetch("values", queryset=ResultValue.objects.select_related(
            "reported_by", "verified_by", "evidence").order_by("period_start")))
    )
    all_values = []
    for ind in indicators:
        for v in ind.values.all():
            v.indicator = ind
            ind.partnership = partnership
            all_values.append(v)
    doubles = double_counting(all_values, user)
    views = []
    for ind in indicators:
        view = IndicatorView(ind)
        previous = None
        for v in ind.values.all():
            view.rows.append((v, value_flags(v, previous) + doubles.get(v.pk, [])))
            previous = v
        views.append(view)
    return views


@dataclass
class RollupRow:
    label: str
    unit: str
    measure: str
    total: decimal.Decimal | None
    numerator: decimal.Decimal | None
    denominator: decimal.Decimal | None
    partnerships: int
    indicators: int
    periods: str
    flags: list[str]


def rollup(indicators, user) -> list[RollupRow]:
    """Roll indicators up: grouped by beneficiary group (or the indicator itself), unit and measure."""
    indicators = list(indicators.filter(withdrawn_at__isnull=True).select_related("partnership").prefetch_related(
        Prefetch("values", queryset=ResultValue.objects.order_by("period_start"))))
    groups = defaultdict(list)
    for ind in indicators:
        key = (ind.beneficiary_group or f"indicator-{ind.pk}", ind.unit, ind.measure)
        groups[key].append(ind)
    all_values = [v for ind in indicators for v in ind.values.all()]
    for ind in indicators:
        for v in ind.values.all():
            v.indicator = ind
    doubles = double_counting(all_values, user)
    rows = []
    for (group, unit, measure), inds in sorted(groups.items()):
        flags = []
        total = numerator = denominator = None
        periods = []
        for ind in inds:
            values = list(ind.values.all())
            periods += [v.period for v in values]
            previous = None
            for v in values:
                flags += [f"{ind.partnership.title} {v.period}: {f}" for f in value_flags(v, previous)]
                flags += [f"{ind.partnership.title} {v.period}: {f}" for f in doubles.get(v.pk, [])]
                previous = v
            if not values:
                continue
            if measure == Measure.COUNT:
                total = (total or 0) + sum((v.value for v in values if v.value is not None), decimal.Decimal(0))
            elif measure == Measure.CUMULATIVE:
                latest = values[-1]  # never summed across periods: the latest figure to date
                total = (total or 0) + (latest.value or 0)
            else:
                numerator = (numerator or 0) + sum((v.numerator for v in values if v.numerator is not None),
                                                   decimal.Decimal(0))
                denominator = (denominator or 0) + sum((v.denominator for v in values if v.denominator is not None),
                                                       decimal.Decimal(0))
        if measure == Measure.RATIO and denominator:
            total = numerator / denominator
        label = inds[0].name if len(inds) == 1 else group.replace("-", " ")
        span = f"{min(periods)} – {max(periods)}" if periods else ""
        rows.append(RollupRow(label, unit, measure, total, numerator, denominator,
                              len({i.partnership_id for i in inds}), len(inds), span, flags))
    return rows


def indicators_for_country(user, country):
    return policy.visible(ResultIndicator.objects.filter(partnership__countries=country), user,
                          prefix="partnership__")


def indicators_for_route(user, route):
    from wholeroute.geo.models import RouteCountry

    countries = RouteCountry.objects.filter(route=route).exclude(role=RouteCountry.Role.DESTINATION).values(
        "country_id")
    qs = ResultIndicator.objects.filter(Q(partnership__routes=route) | Q(partnership__countries__in=countries))
    return policy.visible(qs, user, prefix="partnership__")


def indicators_for_programme(user, partnerships):
    """A programme = a set of partnerships rolled up together (e.g. a Team Europe Initiative and its actions)."""
    return policy.visible(ResultIndicator.objects.filter(partnership__in=partnerships), user, prefix="partnership__")
