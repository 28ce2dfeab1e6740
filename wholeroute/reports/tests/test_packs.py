"""Country fiches in four formats: real figures and partnerships, markings on every page, nothing the reader may
not see, and a PUBLIC-only variant without LIMITED records."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from wholeroute.geo.models import Country
from wholeroute.indicators.load import load
from wholeroute.indicators.seed import DATA
from wholeroute.partnerships import actions as partnership_actions

SECRET = "CANARY limited Tunisia coastguard package"


@pytest.fixture
def tunisia(geography, ministry, alice):
    from wholeroute.access import seed as access_seed
    from wholeroute.actors import seed as actors_seed
    from wholeroute.partnerships import seed as partnership_seed

    access_seed.run(demo=False)
    actors_seed.run(demo=False)
    partnership_seed.run(demo=False)
    load(DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv")
    country = Country.objects.get(code="TN")
    partnership_actions.create_partnership(alice, owner=ministry, title=SECRET, classification="LIMITED",
                                           countries=[country])
    return country


def _pdf_pages(content):
    # Table cells wrap lines: compare text with runs of white space folded.
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _tunisian_detections_2023():
    import csv

    with open(DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv") as handle:
        return sum(int(r["detections"]) for r in csv.DictReader(handle)
                   if r["nationality_iso3"] == "TUN" and r["month"].startswith("2023"))


def test_the_pdf_fiche_holds_real_figures_and_partnerships_and_a_marking_on_every_page(client_of, alice, tunisia):
    response = client_of(alice).get("/reports/country/TN/fiche.pdf")
    assert response["Content-Type"] == "application/pdf"
    pages = _pdf_pages(response.content)
    text = "\n".join(pages)
    assert "Memorandum of Understanding" in text or "Tunisia" in text
    assert "EU-Tunisia" in text or "EU–Tunisia" in text  # a real registry partnership
    assert f"{_tunisian_detections_2023():,}" in text
    assert SECRET in text
    assert len(pages) >= 2 and all("LIMITED — wholeroute" in page for page in pages)


def test_the_docx_fiche_has_real_headings_tables_and_the_marking_in_header_and_footer(client_of, alice, tunisia):
    document = Document(io.BytesIO(client_of(alice).get("/reports/country/TN/fiche.docx").content))
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("LIMITED — wholeroute")
    assert section.footer.paragraphs[0].text.startswith("LIMITED — wholeroute")
    assert any(p.style.name.startswith("Heading") and "Flows" in p.text for p in document.paragraphs)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert f"{_tunisian_detections_2023():,}" in cells


def test_the_xlsx_fiche_has_one_sheet_per_table_with_the_marking(client_of, alice, tunisia):
    book = load_workbook(io.BytesIO(client_of(alice).get("/reports/country/TN/fiche.xlsx").content))
    assert len(book.sheetnames) >= 3
    for name in book.sheetnames:
        assert str(book[name]["A1"].value).startswith("LIMITED — wholeroute")
    values = {c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row}
    assert _tunisian_detections_2023() in values


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_the_public_variant_and_anonymous_readers_never_get_a_limited_record(client, client_of, alice, tunisia, fmt):
    def text_of(content):
        if fmt == "pdf":
            return "\n".join(_pdf_pages(content))
        if fmt == "docx":
            doc = Document(io.BytesIO(content))
            return "\n".join([p.text for p in doc.sections[0].header.paragraphs] + [p.text for p in doc.paragraphs]
                             + [c.text for t in doc.tables for r in t.rows for c in r.cells])
        if fmt == "xlsx":
            book = load_workbook(io.BytesIO(content))
            return "\n".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r)
        return content.decode()

    anonymous = text_of(client.get(f"/reports/country/TN/fiche.{fmt}").content)
    public = text_of(client_of(alice).get(f"/reports/country/TN/fiche.{fmt}?public=1").content)
    for text in (anonymous, public):
        assert SECRET not in text
        assert "PUBLIC — wholeroute" in text
        assert "Tunisia" in text


def test_another_organisation_does_not_get_the_ministrys_sensitive_partnership(client_of, bob, ministry, alice, tunisia):
    partnership_actions.create_partnership(alice, owner=ministry, title="CANARY sensitive", classification="SENSITIVE",
                                           countries=[tunisia])
    text = client_of(bob).get("/reports/country/TN/fiche.html").content.decode()
    assert "CANARY sensitive" not in text and SECRET in text
