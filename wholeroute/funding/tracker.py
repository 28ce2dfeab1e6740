"""Target tracker: how much of each instrument goes to migration-relevant actions, and how much is ODA-eligible,
against the instrument's targets, over time — from the data held, with what is unknown shown as unknown.

Migration-relevant: DAC purpose code 15190 ("facilitation of orderly, safe, regular and responsible migration and
mobility") or a migration marker of 1 or 2 on a commitment. The IATI 2.03 PolicyMarker codelist has no migration
marker and the EUTF extract publishes no purpose codes (data/PROVENANCE.md), so for EUTF actions the only
migration signal is the EUTF's own objective 3 "improved migration management" (topic TFP.3), shown separately
and never presented as 15190.
"""

from collections import defaultdict
from decimal import Decimal

from wholeroute.access.models import Classification
from wholeroute.funding.ledger import _highest, counted_commitments
from wholeroute.funding.models import Commitment, FundedAction, Instrument
from wholeroute.reports.fiche import Chart, Section, Table

ZERO = Decimal("0")


def _pct(part, whole):
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _line_chart(title, rows, target, description):
    values = [{"year": str(y), "share": float(s)} for y, s, *_ in rows if s is not None]
    layers = [{"mark": {"type": "line", "point": True},
               "encoding": {"x": {"field": "year", "type": "ordinal", "title": "Year"},
                            "y": {"field": "share", "type": "quantitative", "title": "% of committed"}}}]
    if target is not None:
        layers.append({"mark": {"type": "rule", "strokeDash": [4, 4]}, "data": {"values": [{"target": float(target)}]},
                       "encoding": {"y": {"field": "target", "type": "quantitative"}}})
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title, "width": 420,
            "data": {"values": values}, "layer": layers}


def instrument_sections(user, instrument) -> list[Section]:
    commitments = list(counted_commitments(user).filter(envelope__instrument=instrument))
    sections = []
    by_year = defaultdict(lambda: {"total": ZERO, "migration": ZERO, "unknown": ZERO, "oda": ZERO, "non_oda": ZERO,
                                   "oda_unknown": ZERO})
    for c in commitments:
        y = by_year[c.committed_on.year]
        y["total"] += c.amount_eur
        if c.migration_relevant:
            y["migration"] += c.amount_eur
        elif not c.purpose_code and c.migration_marker == "":
            y["unknown"] += c.amount_eur
        key = {"yes": "oda", "no": "non_oda"}.get(c.oda_eligible, "oda_unknown")
        y[key] += c.amount_eur
    classification = _highest(*[c.classification for c in commitments])
    migration_rows = [[year, _pct(v["migration"], v["total"]), v["total"], v["migration"], v["unknown"]]
                      for year, v in sorted(by_year.items())]
    target = instrument.migration_target_percent
    paragraphs = []
    if target is not None:
        paragraphs.append(f"Target: {target} % — {instrument.migration_target_text}"
                          + (" (uncertain: see the source)" if instrument.migration_target_uncertain else ""))
    else:
        paragraphs.append("No migration spending target is recorded for this instrument.")
    section = Section(key=f"tracker-migration-{instrument.slug}", title=f"{instrument}: migration-relevant share",
                      classification=classification, paragraphs=paragraphs,
                      sources=[instrument.migration_target_source] if instrument.migration_target_source else [],
                      empty_message="No approved commitments you may see: the share is unknown, not zero.")
    if not migration_rows:
        section.paragraphs.append(section.empty_message)
    if migration_rows:
        table = Table("Migration-relevant share of approved commitments per year",
                      ["Year", "Share (%)", "Committed (EUR)", "Migration-relevant (EUR)",
                       "No purpose code or marker (EUR)"], migration_rows, numeric=[1, 2, 3, 4],
                      notes=["Migration-relevant: DAC purpose code 15190 or migration marker 1/2. Commitments with "
                             "neither are unknown, counted in the total, and may hide migration spending."])
        section.charts.append(Chart(_line_chart("Migration-relevant share (%)", migration_rows, target,
                                                "Line"), table,
                                    "Line chart of the migration-relevant share of commitments per year, with the "
                                    "target as a dashed line."))
    sections.append(section)
    if instrument.oda_target_percent is not None:
        oda_rows = [[year, _pct(v["oda"], v["total"]), _pct(v["oda_unknown"], v["total"]), v["total"], v["oda"],
                     v["non_oda"], v["oda_unknown"]] for year, v in sorted(by_year.items())]
        oda = Section(key=f"tracker-oda-{instrument.slug}", title=f"{instrument}: ODA-eligible share",
                      classification=classification,
                      paragraphs=[f"Target: at least {instrument.oda_target_percent} % ODA-eligible. "
                                  f"Source: {instrument.oda_target_source}"
                                  + (" (uncertain)" if instrument.oda_target_uncertain else "")],
                      empty_message="No approved commitments you may see: the ODA share is unknown, not zero.")
        if not oda_rows:
            oda.paragraphs.append(oda.empty_message)
        if oda_rows:
            table = Table("ODA-eligible share of approved commitments per year",
                          ["Year", "ODA-eligible (%)", "Not known (%)", "Committed (EUR)", "ODA-eligible (EUR)",
                           "Not ODA-eligible (EUR)", "Not known (EUR)"], oda_rows, numeric=[1, 2, 3, 4, 5, 6])
            oda.charts.append(Chart(_line_chart("ODA-eligible share (%)", oda_rows, instrument.oda_target_percent,
                                                "Line"), table,
                                    "Line chart of the ODA-eligible share per year with the 93 % floor dashed."))
        sections.append(oda)
    return sections


def eutf_section(user) -> Section:
    actions = FundedAction.objects.visible_to(user).filter(instrument__slug="eutf-africa")
    rows_by_year = defaultdict(lambda: [ZERO, ZERO, 0, 0])
    no_date = [ZERO, 0]
    for a in actions.only("budget", "date_start", "topics", "classification"):
        if a.budget is None:
            continue
        if a.date_start is None:
            no_date[0] += a.budget
            no_date[1] += 1
            continue
        y = rows_by_year[a.date_start.year]
        y[0] += a.budget
        y[2] += 1
        if "TFP.3" in a.topics:
            y[1] += a.budget
            y[3] += 1
    rows = [[year, _pct(v[1], v[0]), v[0], v[1], v[2], v[3]] for year, v in sorted(rows_by_year.items())]
    section = Section(
        key="tracker-eutf", title="EUTF for Africa: share of budgets on objective 3, improved migration management",
        classification=_highest(*set(actions.values_list("classification", flat=True))) if rows else
        Classification.PUBLIC,
        paragraphs=["DAC purpose code 15190 is not published in the EUTF extract (oecd_purpose is empty), so the "
                    "15190 share of EUTF spending is unknown. Shown instead: budgets of actions tagged with the EUTF "
                    "objective 3 (TFP.3), by start year. Parents and children in the EUTF hierarchy overlap.",
                    f"{no_date[1]} actions (EUR {no_date[0]:,.0f}) publish no start date and are left out of the "
                    "years."],
        sources=["data/iati_eutf (EUTF via Akvo RSR, processed by Deutsche Welle), see data/PROVENANCE.md"])
    if rows:
        table = Table("Budgets of EUTF actions by start year (EUR)", ["Start year", "TFP.3 share (%)", "Budget",
                                                                     "TFP.3 budget", "Actions", "TFP.3 actions"],
                      rows, numeric=[1, 2, 3, 4, 5])
        section.charts.append(Chart(_line_chart("EUTF: TFP.3 share of budgets (%)", rows, None, "Line"), table,
                                    "Line chart of the share of EUTF budgets on objective 3 by start year."))
    return section


def sections(user) -> list[Section]:
    result = []
    for instrument in Instrument.objects.visible_to(user).filter(
            slug__in=["ndici-global-europe", "eutf-africa", "amif", "bmvi"]).order_by("name"):
        result.extend(instrument_sections(user, instrument))
    result.append(eutf_section(user))
    return result


STATUS = Commitment.Status
