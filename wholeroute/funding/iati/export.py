"""Export of PUBLIC funded actions as an IATI 2.03 activity file, validated against the schema kept in
`schema/2.03/` (obtained from PyPI package pyIATI 0.4.1; licence and provenance in schema/2.03/LICENSE.md).

Only PUBLIC, not withdrawn actions are exported (whoever asks). IATI requires some elements our sources may lack;
an action without them is left out and listed in `Export.skipped` with the reason, never filled with invented
values. The activity status, which the EUTF tables do not publish, is derived from the published dates (rule in
`derived_status`) and the export says so in a comment.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from lxml import etree

from wholeroute.access.models import Classification
from wholeroute.funding.models import ActionResult, Commitment, FundedAction

SCHEMA = Path(__file__).resolve().parent / "schema" / "2.03" / "iati-activities-schema.xsd"
ORG_TYPE = {"commission": "40", "eeas": "40", "agency": "40", "io": "40", "ministry": "10",
            "partner_government": "10", "civil_society": "21", "monitoring_body": "80", "other": "90"}


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


def validate(document) -> list[str]:
    """Schema errors of an IATI activity document (empty list: valid)."""
    xsd = schema()
    if xsd.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]


@dataclass
class Export:
    document: etree._ElementTree
    exported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return etree.tostring(self.document, xml_declaration=True, encoding="utf-8", pretty_print=True)


def derived_status(action, today) -> str:
    """IATI ActivityStatus from the published dates: 1 pipeline before the start, 3 finalisation after the end,
    otherwise 2 implementation. Used only when the source publishes no status."""
    if action.activity_status:
        return action.activity_status
    if action.date_start and action.date_start > today:
        return "1"
    if action.date_end and action.date_end < today:
        return "3"
    return "2"


def _narrative(parent, tag, text, **attrs):
    el = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(el, "narrative").text = text
    return el


def _missing(action) -> str:
    if not action.title.strip():
        return "no title"
    if not action.description.strip():
        return "no description"
    if not (action.date_start or action.date_end):
        return "no activity date published"
    if not action.participants.all():
        return "no participating organisation"
    return ""


def _money(parent, tag, value, currency, value_date):
    el = etree.SubElement(parent, tag, currency=currency, **{"value-date": value_date.isoformat()})
    el.text = f"{value:.2f}"
    return el


def actions_for_export(queryset=None):
    qs = queryset if queryset is not None else FundedAction.objects.all()
    public_commitments = Commitment.objects.filter(classification=Classification.PUBLIC, withdrawn_at__isnull=True,
                                                   status=Commitment.Status.APPROVED)
    return qs.filter(classification=Classification.PUBLIC, withdrawn_at__isnull=True).select_related(
        "owner").prefetch_related(
        "participants", "recipients__country", "transactions",
        Prefetch("results", queryset=ActionResult.objects.order_by("order")),
        Prefetch("commitments", queryset=public_commitments.prefetch_related("disbursements"),
                 to_attr="public_commitments"))


def build(queryset=None, *, today=None) -> Export:
    today = today or datetime.date.today()
    root = etree.Element("iati-activities", version="2.03", **{"generated-datetime":
                                                                 datetime.datetime.now(datetime.UTC).replace(
                                                                     microsecond=0).isoformat()})
    root.append(etree.Comment(" Exported by wholeroute: PUBLIC records only. Where the source publishes no "
                              "activity-status, it is derived from the published dates (before start: 1, after "
                              "end: 3, otherwise 2). "))
    export = Export(document=etree.ElementTree(root))
    for action in actions_for_export(queryset).iterator(chunk_size=500):
        reason = _missing(action)
        if reason:
            export.skipped.append((str(action), reason))
            continue
        _activity(root, action, today)
        export.exported += 1
    return export


def _activity(root, a, today):
    el = etree.SubElement(root, "iati-activity", **{"default-currency": a.currency or "EUR",
                                                     "last-updated-datetime": a.updated_at.replace(
                                                         microsecond=0).isoformat()})
    etree.SubElement(el, "iati-identifier").text = a.iati_identifier or f"wholeroute-action-{a.pk}"
    _narrative(el, "reporting-org", a.reporting_org_name or a.owner.name,
               ref=a.reporting_org_ref or f"wholeroute:{a.owner.slug}", type=ORG_TYPE.get(a.owner.kind, "90"))
    _narrative(el, "title", a.title)
    _narrative(el, "description", a.description, type="1")
    for p in a.participants.all():
        attrs = {"role": p.role}
        if p.org_type:
            attrs["type"] = p.org_type
        if p.ref:
            attrs["ref"] = p.ref
        _narrative(el, "participating-org", p.name, **attrs)
    etree.SubElement(el, "activity-status", code=derived_status(a, today))
    if a.date_start:
        etree.SubElement(el, "activity-date", type="2" if a.date_start <= today else "1",
                         **{"iso-date": a.date_start.isoformat()})
    if a.date_end:
        etree.SubElement(el, "activity-date", type="4" if a.date_end <= today else "3",
                         **{"iso-date": a.date_end.isoformat()})
    recipients = [r for r in a.recipients.all() if r.country.is_country and len(r.country.code) == 2]
    for r in recipients:
        attrs = {"code": r.country.code}
        if r.percentage is not None and len(recipients) > 1:
            attrs["percentage"] = f"{r.percentage:g}"
        etree.SubElement(el, "recipient-country", **attrs)
    for s in a.sectors:
        attrs = {"code": s["code"], "vocabulary": s.get("vocabulary", "1")}
        if s.get("percentage") not in (None, ""):
            attrs["percentage"] = str(s["percentage"])
        etree.SubElement(el, "sector", **attrs)
    if a.budget is not None and a.date_start and a.date_end and a.date_start <= a.date_end:
        budget = etree.SubElement(el, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start", **{"iso-date": a.date_start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": a.date_end.isoformat()})
        _money(budget, "value", a.budget, a.currency or "EUR", a.date_start)
    for t in a.transactions.all():
        _transaction(el, t.transaction_type, t.date, t.value, t.currency, t.value_date, t.description)
    for c in getattr(a, "public_commitments", []):
        _transaction(el, "2", c.committed_on, c.amount, c.currency, c.rate_date or c.committed_on, c.title)
        for d in c.disbursements.all():
            if d.classification == Classification.PUBLIC and d.withdrawn_at is None:
                _transaction(el, "3", d.disbursed_on, d.amount, d.currency, d.rate_date or d.disbursed_on, d.note)
    if a.parent_identifier:
        etree.SubElement(el, "related-activity", ref=a.parent_identifier, type="1")
    for kind, code in (("child", "2"), ("sibling", "3")):
        for ref in a.related_identifiers.get(kind, []):
            etree.SubElement(el, "related-activity", ref=ref, type=code)
    _results(el, a.results.all())


def _transaction(el, code, date, value, currency, value_date, description):
    tx = etree.SubElement(el, "transaction")
    etree.SubElement(tx, "transaction-type", code=code)
    etree.SubElement(tx, "transaction-date", **{"iso-date": date.isoformat()})
    _money(tx, "value", value, currency, value_date)
    if description:
        _narrative(tx, "description", description)


def _num(value) -> str:
    return format(value.normalize(), "f")


def _results(el, results):
    groups: dict[str, list] = {}
    for r in results:
        groups.setdefault(r.result_type or "Results", []).append(r)
    for title, rows in groups.items():
        result = etree.SubElement(el, "result", type="9")
        _narrative(result, "title", title)
        for r in rows:
            indicator = etree.SubElement(result, "indicator", measure="1")
            _narrative(indicator, "title", r.title or "Indicator")
            if r.baseline is not None and r.baseline_year:
                etree.SubElement(indicator, "baseline", year=str(r.baseline_year), value=_num(r.baseline))
            if r.period_start and r.period_end and (r.target is not None or r.actual is not None):
                period = etree.SubElement(indicator, "period")
                etree.SubElement(period, "period-start", **{"iso-date": r.period_start.isoformat()})
                etree.SubElement(period, "period-end", **{"iso-date": r.period_end.isoformat()})
                if r.target is not None:
                    etree.SubElement(period, "target", value=_num(r.target))
                if r.actual is not None:
                    etree.SubElement(period, "actual", value=_num(r.actual))
