"""Briefing packs: the sections of a country (or route) page, assembled for one reader at one moment and rendered
as HTML, PDF (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl), with the highest classification of anything
included marked on every page. A PUBLIC-only variant renders what an anonymous visitor may see."""

import base64
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone

from wholeroute.reports import charts, fiche
from wholeroute.reports.fiche import Link

CSS = Path(__file__).resolve().parent / "static" / "reports" / "pack.css"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Pack:
    title: str
    subject: str
    sections: list
    generated_at: object
    generated_for: str
    classification: str
    sources: list = field(default_factory=list)

    @property
    def marking(self):
        return f"{self.classification} — wholeroute — generated {self.generated_at:%d %b %Y %H:%M %Z}"


TITLES = {"country": "Country fiche", "route": "Route fiche", "event": "Briefing pack"}


def event_sections(event, reader) -> list:
    """An event's own section, then the country fiche sections of every participating partner country, each
    titled with its country. The caller has checked that `reader` may see the event."""
    processes = ", ".join(p.name for p in event.processes.visible_to(reader))
    facts = [("Kind", event.get_kind_display()), ("When", event.when), ("Place", event.place or "–")]
    if processes:
        facts.append(("Process or dialogue", processes))
    paragraphs = [event.description] if event.description else []
    outcomes = [o.get("text", "") if isinstance(o, dict) else str(o) for o in event.outcomes or []]
    tables = []
    if event.agenda_items:
        tables.append(fiche.Table("Agenda", ["Item"], [[str(item)] for item in event.agenda_items]))
    if outcomes:
        tables.append(fiche.Table("Outcome documents", ["Outcome"], [[o] for o in outcomes if o]))
    countries = list(event_countries(event))
    facts.append(("Partner countries covered", ", ".join(c.name for c in countries) or "none recorded"))
    sections = [fiche.Section(key="event", title=f"The event: {event.title}", order=0,
                              classification=event.classification, paragraphs=paragraphs, facts=facts,
                              tables=tables, sources=[str(s) for s in event.sources or []])]
    for number, country in enumerate(countries, start=1):
        for section in fiche.collect("country", reader, country):
            if not section.is_empty:
                sections.append(replace(section, key=f"{country.code}-{section.key}",
                                        title=f"{country.name}: {section.title}",
                                        order=number * 1000 + section.order))
    return sections


def event_countries(event):
    """The participating partner countries: the event's countries, without EU Member States when others exist."""
    countries = list(event.countries.order_by("name"))
    partners = [c for c in countries if not _is_member_state(c)]
    return partners or countries


def _is_member_state(country) -> bool:
    return country.is_member("EU", on=timezone.localdate())


def build(kind: str, obj, user=None, *, public_only=False) -> Pack:
    reader = AnonymousUser() if public_only or user is None else user
    if kind == "event":
        sections = event_sections(obj, reader)
        name = obj.title
    else:
        sections = [s for s in fiche.collect(kind, reader, obj) if not s.is_empty]
        name = obj.name
    sources = sorted({src for s in sections for src in s.sources})
    return Pack(
        title=f"{TITLES[kind]}: {name}", subject=name,
        sections=sections, generated_at=timezone.localtime(),
        generated_for="public (PUBLIC records only)" if public_only or user is None else str(user),
        classification=fiche.highest_classification(sections), sources=sources,
    )


def _cell_text(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, Link):
        return value.text
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def to_html(pack: Pack, *, for_pdf=False) -> str:
    images = {}
    for section in pack.sections:
        for chart in section.charts:
            svg = charts.to_svg(chart.spec)
            images[id(chart)] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return render_to_string("reports/pack.html", {"pack": pack, "images": images, "for_pdf": for_pdf,
                                                  "css": CSS.read_text() if for_pdf else ""})


def to_pdf(pack: Pack) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    css = CSS.read_text().replace("MARKING", pack.marking.replace('"', "'"))
    return HTML(string=to_html(pack, for_pdf=True), base_url=str(CSS.parent)).write_pdf(
        stylesheets=[WeasyCSS(string=css)])


def to_docx(pack: Pack) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = pack.marking
    section.footer.paragraphs[0].text = pack.marking
    document.add_heading(pack.title, level=0)
    document.add_paragraph(f"Generated {pack.generated_at:%d %B %Y %H:%M %Z} for {pack.generated_for}. "
                           f"Highest classification included: {pack.classification}.")
    for part in pack.sections:
        document.add_heading(part.title, level=1)
        for paragraph in part.paragraphs:
            document.add_paragraph(paragraph)
        for label, value in part.facts:
            document.add_paragraph(f"{label}: {_cell_text(value)}")
        for table in [c.table for c in part.charts] + part.tables:
            document.add_paragraph(table.caption).runs[0].bold = True
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = column
            for row in table.rows:
                cells = grid.add_row().cells
                for index, (cell, value) in enumerate(zip(cells, row, strict=False)):
                    numeric = index in table.numeric or not isinstance(value, (int, float))
                    cell.text = _cell_text(value) if numeric else str(value)
            for note in table.notes:
                document.add_paragraph(note).runs[0].font.size = Pt(8)
        if part.sources:
            document.add_paragraph("Sources: " + "; ".join(part.sources)).runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _safe(value):
    text = _cell_text(value) if isinstance(value, Link) else value
    return "'" + text if isinstance(text, str) and text.startswith(FORMULA_START) else text


def to_xlsx(pack: Pack) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    for row in ([pack.marking], [pack.title], [f"Generated for {pack.generated_for}"],
                [f"Highest classification: {pack.classification}"], [], ["Sources"], *[[s] for s in pack.sources]):
        cover.append([_safe(v) for v in row])
    used = {"Cover"}
    for part in pack.sections:
        for number, table in enumerate([c.table for c in part.charts] + part.tables, start=1):
            name = f"{part.title[:26]} {number}".replace("/", "-").replace(":", "")
            while name in used:
                name = name[:-1] + "+"
            used.add(name)
            sheet = book.create_sheet(name[:31])
            sheet.append([pack.marking])
            sheet.append([_safe(table.caption)])
            sheet.append([_safe(c) for c in table.columns])
            for row in table.rows:
                sheet.append([_safe(v.text if isinstance(v, Link) else v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"html": (to_html, "text/html; charset=utf-8"), "pdf": (to_pdf, "application/pdf"),
             "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
