"""Joint messages: drafting by a Commission service, consultation with endorsement, objection and revision,
four-eyes adoption, immutability, and silence after the deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wholeroute.access.models import AuditEntry
from wholeroute.outreach import actions, lines
from wholeroute.outreach.models import Endorsement, MessageVersion

pytestmark = pytest.mark.django_db

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def _consult(message, cora, *orgs, deadline=TOMORROW):
    return actions.request_endorsement(cora, message, organisations=list(orgs), deadline=deadline)


def test_only_a_commission_service_or_the_eeas_owns_a_joint_message(alice, ministry, tunisia):
    with pytest.raises(ValidationError) as exc:
        actions.draft_message(alice, owner=ministry, topic="Returns", text="Text", countries=[tunisia])
    assert "Commission service or the EEAS" in str(exc.value)


def test_a_message_needs_countries_or_a_process(cora, dg_home):
    with pytest.raises(ValidationError) as exc:
        actions.draft_message(cora, owner=dg_home, topic="Returns", text="Text")
    assert "countries" in exc.value.message_dict


def test_drafting_keeps_the_text_as_version_one_and_audits_it(message, cora):
    assert message.status == "draft" and message.current_version.number == 1
    entry = AuditEntry.objects.filter(verb="outreach_message.draft", object_id=str(message.pk)).get()
    assert entry.user == cora and "migrant smuggling" in entry.after["text"]


def test_endorsement_flow_with_objection_and_revision(message, cora, dan, alice, ministry, carol, agency):
    first_round = _consult(message, cora, ministry, agency)
    message.refresh_from_db()
    assert message.status == "consultation"
    assert set(message.shared_with.all()) == {ministry, agency}

    ministry_answer = first_round.endorsements.get(organisation=ministry)
    agency_answer = first_round.endorsements.get(organisation=agency)
    with pytest.raises(ValidationError) as exc:
        actions.answer_endorsement(carol, agency_answer, answer="object")
    assert "reasons" in str(exc.value)
    actions.answer_endorsement(carol, agency_answer, answer="object",
                               comment="The text must mention the Frontex mandate limits.")
    actions.answer_endorsement(alice, ministry_answer, answer="endorse_with_comments", comment="Add 'jointly'.")
    assert [e.state() for e in first_round.endorsements.order_by("organisation__name")] == [
        "object", "endorse_with_comments"]

    # An objection to the current version must be answered before adoption without a reason.
    assert actions.open_objections(message) == [first_round.endorsements.get(organisation=agency)]

    version = actions.revise_message(cora, message, text="The EU jointly supports Tunisia's efforts against migrant "
                                                         "smuggling, within each agency's mandate.",
                                     change_note="Frontex and ministry comments")
    assert version.number == 2 and MessageVersion.objects.filter(message=message).count() == 2
    assert actions.open_objections(message) == []  # the objection was to version 1

    second_round = _consult(message, cora, agency)
    actions.answer_endorsement(carol, second_round.endorsements.get(), answer="endorse")
    adopted = actions.adopt_message(dan, message)
    assert adopted.status == "adopted" and adopted.adopted_by == dan and adopted.adopted_at is not None
    assert adopted.current_version.text.startswith("The EU jointly")


def test_adoption_needs_a_second_person_of_the_owner(message, cora, dg_home, erin):
    from wholeroute.access.factories import member
    from wholeroute.access.models import Role

    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.adopt_message(cora, message)  # the drafter, even if she were an approver
    drafter_approver = member(dg_home, Role.APPROVER, email="paula@dg-home.example")
    actions.revise_message(drafter_approver, message, text="Revised by an approver.")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.adopt_message(drafter_approver, message)
    with pytest.raises(PermissionDenied):
        actions.adopt_message(erin, message)  # an approver, but of another organisation
    message.refresh_from_db()
    assert message.status == "draft"


def test_an_editor_of_the_owner_cannot_adopt(message, dg_home):
    from wholeroute.access.factories import member
    from wholeroute.access.models import Role

    other_editor = member(dg_home, Role.EDITOR, email="ed@dg-home.example")
    with pytest.raises(PermissionDenied):
        actions.adopt_message(other_editor, message)


def test_adopting_over_an_objection_needs_a_reason(message, cora, dan, carol, agency):
    round_ = _consult(message, cora, agency)
    actions.answer_endorsement(carol, round_.endorsements.get(), answer="object", comment="Outside our mandate.")
    with pytest.raises(ValidationError) as exc:
        actions.adopt_message(dan, message)
    assert "Frontex objected" in str(exc.value)
    actions.adopt_message(dan, message, reason="The Council asked for the line before the summit.")
    message.refresh_from_db()
    assert message.adoption_reason.startswith("The Council")


def test_an_adopted_message_cannot_change(message, cora, dan, ministry, alice):
    round_ = _consult(message, cora, ministry)
    actions.adopt_message(dan, message)
    with pytest.raises(ValidationError, match="can no longer change"):
        actions.revise_message(cora, message, text="Another text")
    with pytest.raises(ValidationError, match="can no longer change"):
        actions.request_endorsement(cora, message, organisations=[ministry], deadline=TOMORROW)
    with pytest.raises(ValidationError, match="can no longer change"):
        actions.answer_endorsement(alice, round_.endorsements.get(), answer="endorse")
    with pytest.raises(ValidationError, match="can no longer change"):
        actions.adopt_message(dan, message)
    version = message.current_version
    version.text = "tampered"
    with pytest.raises(PermissionError):
        version.save()


def test_no_answer_after_the_deadline_is_silence_not_consent(message, cora, ministry, agency, alice):
    round_ = _consult(message, cora, ministry, agency, deadline=datetime.date.today())
    actions.answer_endorsement(alice, round_.endorsements.get(organisation=ministry), answer="endorse")
    frontex = round_.endorsements.get(organisation=agency)
    assert frontex.state() == "awaiting"
    after_deadline = datetime.date.today() + datetime.timedelta(days=1)
    assert frontex.state(after_deadline) == "silence"
    assert "not consent" in frontex.state_label(after_deadline)
    assert round_.endorsements.get(organisation=ministry).state(after_deadline) == "endorse"


def test_the_message_page_shows_silence_after_the_deadline(message, cora, agency, client_of):
    round_ = _consult(message, cora, agency, deadline=datetime.date.today())
    # The deadline passes (the round is moved back in time rather than mocking the clock).
    round_.deadline = datetime.date.today() - datetime.timedelta(days=1)
    round_.save()
    body = client_of(cora).get(f"/outreach/messages/{message.pk}/").content.decode()
    assert "Silence (no answer by the deadline — not consent)" in body
    assert "Endorse</strong>" not in body


def test_an_answer_after_the_deadline_is_refused(message, cora, ministry, alice):
    round_ = _consult(message, cora, ministry)
    round_.deadline = datetime.date.today() - datetime.timedelta(days=1)
    round_.save()
    with pytest.raises(ValidationError, match="deadline"):
        actions.answer_endorsement(alice, round_.endorsements.get(), answer="endorse")
    assert round_.endorsements.get().answer == ""


def test_only_editors_of_the_asked_organisation_answer(message, cora, ministry, vera, bob):
    round_ = _consult(message, cora, ministry)
    endorsement = round_.endorsements.get()
    for outsider in (vera, bob):  # a viewer of the ministry; an editor elsewhere
        with pytest.raises(PermissionDenied):
            actions.answer_endorsement(outsider, endorsement, answer="endorse")
    assert Endorsement.objects.get(pk=endorsement.pk).answer == ""


def test_the_page_shows_the_difference_between_versions(message, cora, client_of):
    actions.revise_message(cora, message, text="The EU firmly supports Tunisia's efforts against migrant smuggling.")
    body = client_of(cora).get(f"/outreach/messages/{message.pk}/").content.decode()
    assert "Version 2 against version 1" in body
    assert "<ins><span class=\"visually-hidden\">[added: </span> firmly" in body


def test_lines_to_take_list_adopted_messages_current_first(message, cora, dan, tunisia, dg_home):
    actions.adopt_message(dan, message)
    old = actions.draft_message(cora, owner=dg_home, topic="Earlier line on returns", text="Old line.",
                                countries=[tunisia], valid_until=datetime.date(2025, 12, 31))
    actions.adopt_message(dan, old)
    draft = actions.draft_message(cora, owner=dg_home, topic="Unadopted draft", text="Draft.", countries=[tunisia])
    result = lines.lines_to_take(dan, tunisia)
    assert [m.topic for m in result] == [message.topic, "Earlier line on returns"]
    assert draft not in result


def test_home_lists_messages_awaiting_the_users_organisations_endorsement(message, cora, ministry, vera, alice,
                                                                          client_of):
    from wholeroute.outreach import sections

    round_ = _consult(message, cora, ministry)
    body = client_of(vera).get("/").content.decode()
    assert "Joint messages awaiting your organisation" in body and message.topic in body
    actions.answer_endorsement(alice, round_.endorsements.get(), answer="endorse")
    due = next(s for s in sections.home(vera) if s.key == "outreach-endorsements")
    assert due.tables == [] and due.empty_message.startswith("No joint message")


def test_the_whole_flow_works_through_the_api(cora, dan, alice, ministry, client, geography, dg_home):
    from django.test import Client

    owner = Client()
    owner.force_login(cora, backend="django.contrib.auth.backends.ModelBackend")
    created = owner.post("/api/outreach/messages", {"owner": "dg-home", "topic": "Returns line", "text": "Line v1",
                                                    "countries": ["TN"]}, content_type="application/json")
    assert created.status_code == 201
    mid = created.json()["id"]
    bad = owner.post(f"/api/outreach/messages/{mid}/consultations",
                     {"organisations": [ministry.slug], "deadline": "2000-01-01"}, content_type="application/json")
    assert bad.status_code == 422 and "deadline" in bad.content.decode()
    consulted = owner.post(f"/api/outreach/messages/{mid}/consultations",
                           {"organisations": [ministry.slug], "deadline": TOMORROW.isoformat()},
                           content_type="application/json").json()
    endorsement_id = consulted["consultations"][0]["endorsements"][0]["id"]
    ministry_client = Client()
    ministry_client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    objected = ministry_client.post(f"/api/outreach/endorsements/{endorsement_id}/answer",
                                    {"answer": "object", "comment": "Too vague on reintegration."},
                                    content_type="application/json")
    assert objected.json()["consultations"][0]["endorsements"][0]["state"] == "object"
    revised = owner.post(f"/api/outreach/messages/{mid}/versions", {"text": "Line v2", "change_note": "ministry"},
                         content_type="application/json").json()
    diff = revised["versions"][1]["diff_from_previous"]
    assert "-Line v1" in diff and "+Line v2" in diff
    assert owner.post(f"/api/outreach/messages/{mid}/adopt", {}, content_type="application/json").status_code == 403
    approver = Client()
    approver.force_login(dan, backend="django.contrib.auth.backends.ModelBackend")
    adopted = approver.post(f"/api/outreach/messages/{mid}/adopt", {}, content_type="application/json")
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    assert [m["topic"] for m in approver.get("/api/outreach/lines/TN").json()] == ["Returns line"]
