"""Committed, disbursed and remaining money as the user may see it, as `reports.fiche` sections.

Every figure is summed only over records the user may see (`policy.visible`), and each section's classification is
the highest classification of the records in it. Commitments count only when approved (four eyes) and not
withdrawn. Amounts are in EUR (commitments in other currencies through the rate recorded with them).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.funding.models import (
    ActionCountry,
    Commitment,
    Disbursement,
    Envelope,
    FundedAction,
    Instrument,
)
from wholeroute.reports.fiche import Chart, Link, Section, Table

ZERO = Decimal("0")


def _highest(*classifications):
    return max([c for c in classifications if c] or [Classification.PUBLIC], key=CLASSIFICATION_RANK.__getitem__)


def counted_commitments(user):
    return Commitment.objects.visible_to(user).filter(status=Commitment.Status.APPROVED)


def visible_disbursements(user):
    return Disbursement.objects.visible_to(user).filter(commitment__status=Commitment.Status.APPROVED)


def _sum(qs, field="amount_eur"):
    return qs.aggregate(s=Sum(field))["s"] or ZERO


def _classes(qs):
    return set(qs.values_list("classification", flat=True).distinct())


def bar_chart(title, rows, description):
    """A grouped bar chart of committed and disbursed (EUR) per label, with the same numbers as its table."""
    values = []
    for label, committed, disbursed, *_ in rows:
        values.append({"label": str(label), "measure": "Committed", "eur": float(committed)})
        values.append({"label": str(label), "measure": "Disbursed", "eur": float(disbursed)})
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title, "width": 420,
        "data": {"values": values}, "mark": "bar",
        "encoding": {"y": {"field": "label", "type": "nominal", "title": None},
                     "yOffset": {"field": "measure"},
                     "x": {"field": "eur", "type": "quantitative", "title": "EUR"},
                     "color": {"field": "measure", "type": "nominal", "title": "Measure"}}}
    table = Table(caption=title, columns=["", "Committed (EUR)", "Disbursed (EUR)", "Remaining (EUR)"],
                  rows=[[r[0], r[1], r[2], r[3]] for r in rows], numeric=[1, 2, 3])
    return Chart(spec=spec, table=table, description=description)


def instrument_rows(user):
    """[instrument, envelope total, committed, disbursed, remaining, classification] per visible instrument."""
    rows = []
    commitments = counted_commitments(user)
    disbursements = visible_disbursements(user)
    for instrument in Instrument.objects.visible_to(user).order_by("name"):
        envelopes = Envelope.objects.visible_to(user).filter(instrument=instrument)
        total = _sum(envelopes.filter(currency="EUR"), "amount")
        committed = _sum(commitments.filter(envelope__instrument=instrument))
        disbursed = _sum(disbursements.filter(commitment__envelope__instrument=instrument))
        rows.append({"instrument": instrument, "envelopes": total, "committed": committed, "disbursed": disbursed,
                     "remaining": total - committed if total else None,
                     "classification": _highest(instrument.classification,
                                                *_classes(commitments.filter(envelope__instrument=instrument)))})
    return rows


def overview_section(user) -> Section:
    rows = instrument_rows(user)
    table_rows = [[Link(str(r["instrument"]), f"/funding/instruments/{r['instrument'].slug}/"), r["envelopes"] or None,
                   r["committed"], r["disbursed"], r["remaining"]] for r in rows]
    chart_rows = [(str(r["instrument"]), r["committed"], r["disbursed"], r["committed"] - r["disbursed"])
                  for r in rows if r["committed"]]
    section = Section(key="funding-instruments", title="Funding instruments", order=40,
                      classification=_highest(*[r["classification"] for r in rows]),
                      tables=[Table("Envelopes, commitments and disbursements per instrument (EUR)",
                                    ["Instrument", "Envelopes", "Committed", "Disbursed", "Remaining"], table_rows,
                                    numeric=[1, 2, 3, 4],
                                    notes=["Envelopes: headline amounts of the registry envelopes (sources on each "
                                           "envelope page); committed counts only approved commitments."])])
    if chart_rows:
        section.charts.append(bar_chart("Committed and disbursed per instrument (EUR)", chart_rows,
                                        "Bar chart of committed and disbursed EUR per instrument."))
    return section


def commitment_table(caption, commitments, *, with_check=True):
    rows = []
    for c in commitments:
        disbursed = sum((d.amount_eur for d in c.disbursements.all() if d.withdrawn_at is None), ZERO)
        row = [c.title, c.envelope.instrument.short_name or c.envelope.instrument.name, c.committed_on,
               f"{c.amount:,.2f} {c.currency}", c.amount_eur, disbursed, c.amount_eur - disbursed,
               c.get_status_display()]
        if with_check:
            check = c.guideline_check or {}
            row.append(check.get("label", "not checked"))
        rows.append(row)
    columns = ["Commitment", "Instrument", "Date", "Amount", "EUR", "Disbursed (EUR)", "Remaining (EUR)", "Status"]
    if with_check:
        columns.append("Guidelines")
    return Table(caption, columns, rows, numeric=[4, 5, 6])


def _commitments_section(user, key, title, commitments, order, empty):
    commitments = list(commitments.select_related("envelope__instrument").prefetch_related("disbursements"))
    counted = [c for c in commitments if c.status == Commitment.Status.APPROVED]
    committed = sum((c.amount_eur for c in counted), ZERO)
    disbursed = sum((d.amount_eur for c in counted for d in c.disbursements.all() if d.withdrawn_at is None), ZERO)
    section = Section(key=key, title=title, order=order,
                      classification=_highest(*[c.classification for c in commitments]), empty_message=empty)
    if commitments:
        section.facts = [("Committed (approved, EUR)", committed), ("Disbursed (EUR)", disbursed),
                         ("Remaining to disburse (EUR)", committed - disbursed),
                         ("Awaiting a second person's approval",
                          sum(1 for c in commitments if c.status == Commitment.Status.PENDING))]
        by_instrument = defaultdict(lambda: [ZERO, ZERO])
        for c in counted:
            name = c.envelope.instrument.short_name or c.envelope.instrument.name
            by_instrument[name][0] += c.amount_eur
            by_instrument[name][1] += sum((d.amount_eur for d in c.disbursements.all() if d.withdrawn_at is None),
                                          ZERO)
        if by_instrument:
            section.charts.append(bar_chart(f"{title}: committed and disbursed per instrument (EUR)",
                                            [(k, v[0], v[1], v[0] - v[1]) for k, v in sorted(by_instrument.items())],
                                            "Bar chart of committed and disbursed EUR per instrument."))
        section.tables.append(commitment_table(f"{title}: commitments", commitments))
    return section


def _eutf_section(user, key, title, recipients, order):
    recipients = recipients.filter(action__in=FundedAction.objects.visible_to(user)).select_related("action")
    rows = [[Link(str(r.action), f"/funding/actions/{r.action_id}/"), r.action.title[:120], r.action.date_start,
             r.action.date_end, r.budget] for r in recipients.order_by("-budget")[:50]]
    if not rows:
        return None
    total = _sum(recipients, "budget")
    unknown = recipients.filter(budget__isnull=True).count()
    return Section(
        key=key, title=title, order=order,
        classification=_highest(*_classes(FundedAction.objects.filter(pk__in=recipients.values("action_id")))),
        facts=[("Funded actions", recipients.count()), ("Published budgets for this country (EUR)", total),
               ("Actions without a published country budget", unknown)],
        tables=[Table(f"{title}: the 50 largest (EUR)", ["Action", "Title", "Start", "End", "Budget for the country"],
                      rows, numeric=[4], notes=["Parents and children in the EUTF hierarchy overlap: budgets are "
                                                "not summed across levels by the publisher; read the total as an "
                                                "upper bound."])],
        sources=["EUTF for Africa via Akvo RSR (IATI), processed by Deutsche Welle — data/PROVENANCE.md"])


def country_sections(user, country) -> list[Section]:
    from wholeroute.partnerships.models import Partnership

    partnerships = Partnership.objects.visible_to(user).filter(countries=country)
    commitments = Commitment.objects.visible_to(user).filter(
        Q(partnership__in=partnerships) | Q(action__countries=country)).distinct()
    sections = [_commitments_section(user, "funding-country", f"Funding for {country}", commitments, 45,
                                     "No commitments recorded for partnerships or actions in this country.")]
    eutf = _eutf_section(user, "funding-country-eutf", f"EUTF for Africa actions in {country}",
                         ActionCountry.objects.filter(country=country), 46)
    if eutf:
        sections.append(eutf)
    return sections


def route_sections(user, route) -> list[Section]:
    from wholeroute.partnerships.models import Partnership

    countries = route.route_countries.values("country_id")
    partnerships = Partnership.objects.visible_to(user).filter(Q(routes=route) | Q(countries__in=countries))
    commitments = Commitment.objects.visible_to(user).filter(
        Q(partnership__in=partnerships) | Q(action__countries__in=countries)).distinct()
    sections = [_commitments_section(user, "funding-route", f"Funding along the {route}", commitments, 45,
                                     "No commitments recorded for partnerships or actions along this route.")]
    eutf = _eutf_section(user, "funding-route-eutf", f"EUTF for Africa actions in countries of the {route}",
                         ActionCountry.objects.filter(country__in=countries), 46)
    if eutf:
        sections.append(eutf)
    return sections


def partnership_section(user, partnership) -> Section:
    commitments = Commitment.objects.visible_to(user).filter(partnership=partnership)
    return _commitments_section(user, "funding-partnership", "Funding line", commitments, 10,
                                "No commitment recorded yet: the implementation gate needs an approved one, or an "
                                "explicit “no EU funds”.")


def envelope_section(user, envelope) -> Section:
    section = _commitments_section(user, "funding-envelope", f"Commitments from {envelope}",
                                   Commitment.objects.visible_to(user).filter(envelope=envelope), 20,
                                   "No commitments recorded against this envelope.")
    committed = _sum(counted_commitments(user).filter(envelope=envelope))
    if envelope.amount is not None and envelope.currency == "EUR":
        section.facts.insert(0, ("Envelope (EUR)", envelope.amount))
        section.facts.insert(2, ("Remaining in the envelope (EUR)", envelope.amount - committed))
    section.classification = _highest(section.classification, envelope.classification)
    return section


def can_see_any(user, qs) -> bool:
    return policy.visible(qs, user).exists()
