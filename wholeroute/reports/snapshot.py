"""A built pack as JSON and back, so a stored Pack can be rendered again from exactly what it held.

Cells keep their types (Link, Decimal, date, datetime) through tagged objects; chart specs are plain JSON already.
"""

import datetime
import decimal
from dataclasses import asdict

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wholeroute.reports.fiche import Chart, Link, Section, Table


def _encode(value):
    if isinstance(value, Link):
        return {"__link__": [value.text, value.url]}
    if isinstance(value, decimal.Decimal):
        return {"__decimal__": str(value)}
    if isinstance(value, datetime.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__link__" in value:
            return Link(*value["__link__"])
        if "__decimal__" in value:
            return decimal.Decimal(value["__decimal__"])
        if "__datetime__" in value:
            return parse_datetime(value["__datetime__"])
        if "__date__" in value:
            return datetime.date.fromisoformat(value["__date__"])
        return {k: _decode(v) for k, v in value.items()}
    return value


def _section_dict(section: Section) -> dict:
    data = {name: getattr(section, name) for name in ("key", "title", "order", "classification", "paragraphs",
                                                     "sources", "empty_message")}
    data["classification"] = str(section.classification)
    data["facts"] = [[label, value] for label, value in section.facts]
    data["tables"] = [asdict(t) | {"rows": t.rows} for t in section.tables]
    data["charts"] = [{"spec": c.spec, "description": c.description, "table": asdict(c.table) | {"rows": c.table.rows}}
                      for c in section.charts]
    data["links"] = list(section.links)
    return _encode(data)


def dump(pack) -> dict:
    return _encode({"title": pack.title, "subject": pack.subject, "generated_at": pack.generated_at,
                    "generated_for": pack.generated_for, "classification": str(pack.classification),
                    "sources": pack.sources}) | {"sections": [_section_dict(s) for s in pack.sections]}


def load(data: dict):
    from wholeroute.reports.packs import Pack

    sections = []
    for raw in data["sections"]:
        s = _decode(raw)
        sections.append(Section(
            key=s["key"], title=s["title"], order=s["order"], classification=s["classification"],
            paragraphs=s["paragraphs"], facts=[tuple(f) for f in s["facts"]], tables=[Table(**t) for t in s["tables"]],
            charts=[Chart(spec=c["spec"], description=c["description"], table=Table(**c["table"])) for c in s["charts"]],
            links=s["links"], sources=s["sources"], empty_message=s["empty_message"]))
    head = _decode({k: v for k, v in data.items() if k != "sections"})
    return Pack(title=head["title"], subject=head["subject"], sections=sections,
                generated_at=timezone.localtime(head["generated_at"]),
                generated_for=head["generated_for"], classification=head["classification"], sources=head["sources"])
