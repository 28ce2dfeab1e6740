"""The dashboards in a real browser, with the screenshots kept in docs/screenshots: alice's home dashboard, the
Central Mediterranean route dashboard with its map, and page 1 of a real country fiche PDF (rendered with PDFium)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_dashboards_render_and_their_screenshots_are_kept(page_as, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed", "--demo", stdout=StringIO())
    from wholeroute.access.models import User

    alice = User.objects.get(email="alice@interior.example")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = page_as(alice)

    page.goto(live_server.url + "/")
    first = page.locator("section.section").first
    first.scroll_into_view_if_needed()
    assert page.locator("#section-dashboard-phases").count() == 1
    assert page.locator("#section-public-portal").count() == 1
    page.evaluate("document.querySelector('section.section').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / "home-dashboard.png"))

    page.goto(live_server.url + "/reports/route/central-mediterranean/dashboard")
    assert page.locator("h1").inner_text() == "Route dashboard: Central Mediterranean"
    assert page.locator("#section-route-map svg path").count() > 100
    page.screenshot(path=str(SCREENSHOTS / "route-dashboard.png"))

    for name in ("home-dashboard.png", "route-dashboard.png"):
        assert (SCREENSHOTS / name).stat().st_size > 20_000


@pytest.mark.django_db
def test_page_one_of_a_real_country_fiche_pdf_is_kept_as_a_picture(client_of, alice, world):
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader

    content = client_of(alice).get("/reports/country/TN/fiche.pdf").content
    assert "LIMITED — wholeroute" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    document = pdfium.PdfDocument(content)
    image = document[0].render(scale=1.5).to_pil()
    target = SCREENSHOTS / "fiche-pdf-page1.png"
    image.save(target)
    assert target.stat().st_size > 20_000 and image.width > 800
