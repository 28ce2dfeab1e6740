"""The seeded site in Chromium: the home page renders, is keyboard-reachable and its screenshot goes into the README;
axe-core (vendored from npm) finds no serious or critical WCAG violation on the main pages. One test, because both
need the whole demo seed, the slowest fixture of the suite."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

AXE = Path(__file__).resolve().parents[3] / "tests" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "home.png"
PAGES = ["/", "/about/", "/countries/", "/countries/TN/", "/routes/", "/routes/central-mediterranean/",
         "/partnerships/", "/actors/", "/actors/gaps/", "/statistics/", "/statistics/frontex_ibc/", "/safeguards/",
         "/safeguards/allegations/", "/accounts/login/",
         "/reports/route/central-mediterranean/dashboard", "/reports/packs/", "/reports/country/TN/fiche.html"]

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_seeded_home_page_is_kept_for_the_readme_and_main_pages_have_no_serious_accessibility_violations(
        page_as, live_server):
    call_command("seed", "--demo", stdout=StringIO())
    from wholeroute.access.models import User
    from wholeroute.partnerships.models import Partnership

    home = page_as(User.objects.get(email="alice@interior.example"))
    home.goto(live_server.url + "/")
    assert home.locator("h1").first.inner_text() == "wholeroute"
    assert "Partnerships you can see" in home.content()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    home.screenshot(path=str(SCREENSHOT), full_page=False)
    assert SCREENSHOT.stat().st_size > 10_000
    home.keyboard.press("Tab")  # the skip link is the first thing the keyboard reaches
    assert home.evaluate("document.activeElement.textContent") == "Skip to main content"

    pages = [*PAGES, f"/partnerships/{Partnership.objects.first().pk}/"]
    found = []
    for user in (None, User.objects.get(email="alice@interior.example")):
        page = page_as(user, bypass_csp=True)
        for url in pages:
            if user is None and url.startswith("/safeguards/allegations"):
                continue
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    found.append(f"{'alice' if user else 'anonymous'} {url}: {violation['id']} — {violation['help']} {targets}")
    assert found == [], "\n".join(found)
