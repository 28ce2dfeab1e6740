"""Browser test: a Commission user drafts a joint message and asks a ministry to endorse it; a ministry user
endorses with a comment; a second person of the owner adopts it; the lines-to-take page for Tunisia shows it.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against pytest-django's live server, through the
shared `page_as` fixture (the browser is handed a session cookie; sign-in is tested by the access app).
"""

import datetime
import re

import pytest

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_a_message_is_drafted_endorsed_with_a_comment_adopted_and_shown_as_a_line_to_take(
        live_server, page_as, cora, dan, alice, ministry, tunisia):
    from wholeroute.outreach.models import Endorsement, JointMessage

    page = page_as(cora)
    page.goto(f"{live_server.url}/outreach/messages/new/")
    page.get_by_label("Topic").fill("Joint line on anti-smuggling cooperation")
    page.get_by_label("Text of the message").fill(
        "The EU and its Member States support Tunisia's fight against migrant smuggling networks.")
    page.select_option("#id_countries", label="Tunisia")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/outreach/messages/\d+/$"))
    message = JointMessage.objects.get(topic="Joint line on anti-smuggling cooperation")
    assert message.owner.slug == "dg-home" and message.created_by == cora

    page.select_option("#id_organisations", label=ministry.name)
    page.get_by_label("Deadline").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Request endorsement").click()
    page.wait_for_selector("text=Endorsement requested.")
    assert "Awaiting an answer" in page.content()

    ministry_page = page_as(alice)
    ministry_page.goto(f"{live_server.url}/outreach/messages/{message.pk}/")
    ministry_page.get_by_label("Endorse with comments").check()
    ministry_page.get_by_label("Comments or reasons").fill("Please mention the EU delegation's role.")
    ministry_page.get_by_role("button", name="Send answer").click()
    ministry_page.wait_for_selector("text=Please mention the EU delegation's role.")
    answer = Endorsement.objects.get(consultation__message=message, organisation=ministry)
    assert (answer.answer, answer.answered_by) == ("endorse_with_comments", alice)

    # The drafter is offered no adoption (four eyes); the owner's approver is.
    page.reload()
    assert page.get_by_role("button", name=re.compile("^Adopt")).count() == 0
    approver_page = page_as(dan)
    approver_page.goto(f"{live_server.url}/outreach/messages/{message.pk}/")
    approver_page.get_by_role("button", name="Adopt version 1").click()
    approver_page.wait_for_selector("text=The text can no longer change.")
    message.refresh_from_db()
    assert message.status == "adopted" and message.adopted_by == dan

    approver_page.goto(f"{live_server.url}/outreach/lines/TN/")
    section = approver_page.locator(".lines-item").first
    assert "Joint line on anti-smuggling cooperation" in section.inner_text()
    assert "support Tunisia's fight against migrant smuggling networks" in section.inner_text()
    assert "current" in section.inner_text().lower()
