"""The home page in a real browser: it renders, is keyboard-reachable, and its screenshot goes into the README."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "home.png"

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_seeded_home_page_renders_and_its_screenshot_is_kept_for_the_readme(page_as, live_server):
    call_command("seed", "--demo", stdout=StringIO())
    from wholeroute.access.models import User

    page = page_as(User.objects.get(email="alice@interior.example"))
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "wholeroute"
    assert "Partnerships you can see" in page.content()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
