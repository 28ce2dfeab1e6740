"""Browser test: an editor creates a partnership and a colleague approves its move to design, keyboard only.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against pytest-django's live server. Every field and
button is reached with Tab and used with typing, Space and Enter — never a mouse click — which also proves the
pages are operable from the keyboard. Sign-in is done by handing the browser a session cookie (sign-in itself
is tested by the access app).
"""

import re
from pathlib import Path

import pytest

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "route-page.png"

pytestmark = [pytest.mark.browser]


def _tab_to(page, selector, limit=400):
    """Press Tab until the element matching `selector` has the focus (fails if it is not reachable)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


@pytest.mark.django_db(transaction=True)
def test_an_editor_creates_a_partnership_and_a_colleague_approves_design_by_keyboard(
        live_server, page_as, alice, erin, ministry, registry):
    from wholeroute.partnerships.models import Partnership

    page = page_as(alice)
    page.goto(f"{live_server.url}/partnerships/new/")
    _tab_to(page, "#id_title")
    page.keyboard.type("Tunisia reintegration pilot")
    _tab_to(page, "#id_countries")
    page.keyboard.type("Tunisia")  # type-ahead selects the option in the list box
    _tab_to(page, "#id_lead_organisation")
    page.keyboard.type("Ministry of the Interior")
    _tab_to(page, "#id_scoping_note")
    page.keyboard.type("Reintegration support for Tunisian returnees, with the EU delegation.")
    _tab_to(page, "button[type=submit].button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/partnerships/\d+/$"))
    p = Partnership.objects.get(title="Tunisia reintegration pilot")
    assert list(p.countries.values_list("code", flat=True)) == ["TN"] and p.lead_organisation == ministry

    page.goto(f"{live_server.url}/partnerships/{p.pk}/lifecycle/")
    _tab_to(page, "#id_to_phase")
    _tab_to(page, "#id_reason")
    page.keyboard.type("Scoping agreed with the delegation")
    _tab_to(page, "form[action$='/lifecycle/request/'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Awaiting approval")
    assert "someone else with approval rights" in page.content()

    colleague = page_as(erin)
    colleague.goto(f"{live_server.url}/partnerships/{p.pk}/lifecycle/")
    _tab_to(colleague, "#approve-reason")
    colleague.keyboard.type("Gate conditions met")
    _tab_to(colleague, "form[action$='/approve/'] button")
    colleague.keyboard.press("Enter")
    colleague.wait_for_selector("text=the partnership is now in design")
    p.refresh_from_db()
    assert p.phase == "design" and not p.phase_imported

    colleague.goto(f"{live_server.url}/routes/central-mediterranean/")
    colleague.wait_for_selector("text=Partnerships along the route")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    colleague.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
