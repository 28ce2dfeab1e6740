"""axe-core in Chromium over the outreach pages, with forms open: no serious or critical WCAG violations."""

import datetime
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[3] / "tests" / "vendor" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_outreach_pages_have_no_serious_accessibility_violations(page_as, live_server, registry_seeded, message,
                                                                 cora, alice, ministry):
    from wholeroute.outreach import actions

    if not AXE.exists():
        pytest.skip("axe-core is not vendored in tests/vendor")
    actions.revise_message(cora, message, text="The EU firmly supports Tunisia's efforts against migrant smuggling.")
    actions.request_endorsement(cora, message, organisations=[ministry],
                                deadline=datetime.date.today() + datetime.timedelta(days=3))
    pages = ["/outreach/", "/outreach/calendar/2022/12/", "/outreach/calendar/countries/MA/",
             "/outreach/calendar/routes/central-mediterranean/", "/outreach/processes/",
             "/outreach/processes/rabat-process/", "/outreach/processes/med5/", "/outreach/messages/",
             f"/outreach/messages/{message.pk}/", "/outreach/messages/new/", "/outreach/events/new/",
             "/outreach/lines/", "/outreach/lines/TN/", "/outreach/log/", "/outreach/log/new/", "/outreach/feeds/"]
    found = []
    for user in (cora, alice):
        page = page_as(user, bypass_csp=True)
        for url in pages:
            if user is alice and url == "/outreach/messages/new/":
                continue  # a ministry user may not draft (403)
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"][:3]]
                    found.append(f"{user.email} {url}: {violation['id']} — {violation['help']} {targets}")
    assert found == [], "\n".join(found)
