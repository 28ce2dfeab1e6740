"""Event (summit) briefing packs: the event, then the country fiche of every participating partner country, in four
formats read back from the file, marked on every page; nothing the reader may not see; a PUBLIC variant."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from wholeroute.reports.tests.conftest import SECRET


def _pdf_pages(content):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _docx_text(content):
    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.sections[0].header.paragraphs] + [p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def _xlsx_text(content):
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r)


def test_the_pdf_event_pack_covers_each_partner_country_with_a_marking_on_every_page(client_of, alice, summit):
    response = client_of(alice).get(f"/reports/event/{summit.pk}/fiche.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = _pdf_pages(response.content)
    text = "\n".join(pages)
    assert "Summit on the Central Mediterranean" in text
    assert "Tunisia: Flows of nationals" in text and "Morocco: Flows of nationals" in text
    assert "Italy: " not in text  # a Member State at the table is not a partner country
    assert SECRET in text  # alice may see her ministry's LIMITED partnership
    assert len(pages) >= 2 and all("LIMITED — wholeroute" in page for page in pages)


def test_the_docx_event_pack_has_a_heading_per_country_section_and_the_marking(client_of, alice, summit):
    document = Document(io.BytesIO(client_of(alice).get(f"/reports/event/{summit.pk}/fiche.docx").content))
    assert document.sections[0].header.paragraphs[0].text.startswith("LIMITED — wholeroute")
    assert document.sections[0].footer.paragraphs[0].text.startswith("LIMITED — wholeroute")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "The event: Summit on the Central Mediterranean" in headings
    assert any(h.startswith("Morocco: ") for h in headings) and any(h.startswith("Tunisia: ") for h in headings)
    assert SECRET in _docx_text(client_of(alice).get(f"/reports/event/{summit.pk}/fiche.docx").content)


def test_the_xlsx_event_pack_has_the_marking_on_every_sheet(client_of, alice, summit):
    book = load_workbook(io.BytesIO(client_of(alice).get(f"/reports/event/{summit.pk}/fiche.xlsx").content))
    assert len(book.sheetnames) >= 4
    assert all(str(book[name]["A1"].value).startswith("LIMITED — wholeroute") for name in book.sheetnames)
    assert any(name.startswith("Tunisia") for name in book.sheetnames)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_the_public_event_pack_never_holds_a_limited_record(client, client_of, alice, summit, fmt):
    read = {"pdf": lambda c: "\n".join(_pdf_pages(c)), "docx": _docx_text, "xlsx": _xlsx_text,
            "html": lambda c: c.decode()}[fmt]
    for response in (client.get(f"/reports/event/{summit.pk}/fiche.{fmt}"),
                     client_of(alice).get(f"/reports/event/{summit.pk}/fiche.{fmt}?public=1")):
        assert response.status_code == 200
        text = read(response.content)
        assert SECRET not in text
        assert "PUBLIC — wholeroute" in text and "Tunisia" in text


def test_an_event_the_reader_may_not_see_is_not_found(client, client_of, alice, bob, closed_meeting):
    url = f"/reports/event/{closed_meeting.pk}/fiche.pdf"
    assert client_of(alice).get(url).status_code == 200
    assert client_of(bob).get(url).status_code == 404  # SENSITIVE: another organisation may not see it
    assert client_of(alice).get(url + "?public=1").status_code == 404  # not a PUBLIC record
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get("/reports/event/999999/fiche.html").status_code == 404
