"""The checklist is data: loaded from the sourced legal framework, versioned, updated by its maintainers' admins."""

import shutil

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError

from wholeroute.access.models import AuditEntry
from wholeroute.safeguards import actions, seed
from wholeroute.safeguards.models import LegalReform, Obligation, ObligationVersion

# Issue 5's list, as (what the issue names, the file's ids that cover it).
ISSUE_ITEMS = {
    "non-refoulement (Charter 19(2), ECHR 3, Refugee Convention 33)": ["cfr-art-19-2", "echr-art-3",
                                                                       "refugee-convention-art-33-1"],
    "right to asylum (Charter 18)": ["cfr-art-18"],
    "torture and inhuman treatment (Charter 4)": ["cfr-art-4"],
    "liberty and detention (Charter 6, ECHR 5)": ["cfr-art-6", "echr-art-5"],
    "effective remedy (Charter 47, ECHR 13)": ["cfr-art-47", "echr-art-13"],
    "rights of the child (Charter 24)": ["cfr-art-24"],
    "data protection and transfers (Charter 8, GDPR chapter V)": ["cfr-art-8", "gdpr-art-44"],
    "collective expulsion (Charter 19(1), Protocol 4 Art. 4)": ["cfr-art-19-1", "echr-p4-art-4"],
    "non-discrimination (Charter 21)": ["cfr-art-21"],
    "independent monitoring": ["screening-art-10-2"],
    "legal assistance": ["rd-art-13"],
}


def test_every_item_the_issue_names_is_a_sourced_obligation_asked_in_every_assessment(checklist):
    assert Obligation.objects.count() == 98
    for what, codes in ISSUE_ITEMS.items():
        for code in codes:
            o = Obligation.objects.get(code=code)
            assert o.applies_to_all, what
            assert o.source.startswith("http") and o.checked_on.isoformat() == "2026-11-28", what
    assert Obligation.objects.get(code="cfr-art-19-2").article.startswith("Article 19")
    assert "legal aid" in Obligation.objects.get(code="rd-art-13").summary


def test_solution_type_items_come_from_the_file_with_their_uncertainty(checklist):
    data = yaml.safe_load(seed.LEGAL_FRAMEWORK.read_text())
    by_id = {o["id"]: o for o in data["obligations"]}
    hub_items = {o.code for o in Obligation.objects.all() if "return_hub" in o.solution_types}
    assert hub_items == {i for i, o in by_id.items() if "return_hub" in o["solution_types"]}
    assert {o.code for o in Obligation.objects.filter(uncertain=True)} == {
        i for i, o in by_id.items() if o.get("uncertain")}
    connection = Obligation.objects.get(code="apr-art-59-5")
    assert "safe_third_country_arrangement" in connection.solution_types and not connection.applies_to_all


def test_the_reform_status_is_loaded_with_sources_and_uncertainty(checklist):
    stc = LegalReform.objects.get(code="stc-amendment")
    assert stc.status == "adopted" and stc.act == "Regulation (EU) 2026/463" and stc.uncertain
    assert stc.dates["council_adoption"] == "2026-02-23"


def test_seeding_again_changes_nothing(checklist):
    counts = (AuditEntry.objects.count(), ObligationVersion.objects.count(), LegalReform.objects.count())
    assert seed.run(demo=False).startswith("0 obligations created, 0 updated, 0 reform")
    assert (AuditEntry.objects.count(), ObligationVersion.objects.count(), LegalReform.objects.count()) == counts


def test_an_admin_of_the_maintainer_updates_an_item_as_a_new_audited_version_that_survives_a_reseed(
        checklist, dg_home_admin):
    item = Obligation.objects.get(code="cfr-art-24")
    actions.update_obligation(dg_home_admin, item, reason="FRA guidance on children in return hubs published",
                              guidance="Check best-interests assessments before any transfer.")
    item.refresh_from_db()
    assert item.version == 2 and item.guidance.startswith("Check best-interests")
    assert list(item.versions.values_list("version", flat=True)) == [2, 1]
    entry = AuditEntry.objects.filter(verb="safeguards_obligation.update").get()
    assert entry.user == dg_home_admin and entry.after["version"] == 2
    seed.run(demo=False)
    item.refresh_from_db()
    assert item.version == 2 and item.guidance.startswith("Check best-interests")


def test_other_admins_and_editors_cannot_change_the_checklist(checklist, ivan, alice):
    item = Obligation.objects.get(code="cfr-art-24")
    for user in (ivan, alice):
        with pytest.raises(PermissionDenied, match="maintaining the checklist"):
            actions.update_obligation(user, item, reason="x", guidance="y")
    assert Obligation.objects.get(code="cfr-art-24").version == 1


def test_a_changed_file_entry_updates_only_that_item(checklist, tmp_path, monkeypatch):
    copy = tmp_path / "legal-framework.yaml"
    shutil.copy(seed.LEGAL_FRAMEWORK, copy)
    data = yaml.safe_load(copy.read_text())
    data["obligations"][0]["note"] = "Checked again against the Official Journal."
    copy.write_text(yaml.safe_dump(data, allow_unicode=True))
    monkeypatch.setattr(seed, "LEGAL_FRAMEWORK", copy)
    assert seed.run(demo=False).startswith("0 obligations created, 1 updated")
    first = Obligation.objects.get(code=data["obligations"][0]["id"])
    assert first.version == 2 and first.note == "Checked again against the Official Journal."


def test_a_damaged_file_is_refused_with_its_entry_named_and_nothing_written(db, tmp_path, monkeypatch):
    copy = tmp_path / "legal-framework.yaml"
    data = yaml.safe_load(seed.LEGAL_FRAMEWORK.read_text())
    del data["obligations"][5]["source"]
    copy.write_text(yaml.safe_dump(data, allow_unicode=True))
    monkeypatch.setattr(seed, "LEGAL_FRAMEWORK", copy)
    with pytest.raises(ValidationError, match=r"obligations entry 6 \(cfr-art-18\) lacks source"):
        seed.run(demo=False)
    assert not Obligation.objects.exists()


def test_the_checklist_pages_are_public_and_show_sources_dates_and_uncertainty(client, checklist):
    page = client.get("/safeguards/checklist/").content.decode()
    assert "Non-refoulement" in page and "uncertain" in page and "28 Nov 2026" in page
    assert "Regulation (EU) 2026/463" in page
    detail = client.get("/safeguards/checklist/cfr-art-47/").content.decode()
    assert "https://" in detail and "C-180/17" in detail
    assert client.get("/api/safeguards/checklist/cfr-art-47").json()["versions"][0]["version"] == 1
    assert len(client.get("/api/safeguards/checklist").json()) == 98


def test_the_maintainer_admin_edits_an_item_through_its_page(client_of, client, checklist, dg_home_admin, ivan):
    url = "/safeguards/checklist/cfr-art-21/"
    item = Obligation.objects.get(code="cfr-art-21")
    form = {"title": item.title, "article": item.article, "summary": item.summary, "guidance": "Ask for data.",
            "source": item.source, "official_text": item.official_text, "note": "", "applies_to_all": "on",
            "checked_on": "2026-12-01", "applies_from": "", "reason": "Guidance added"}
    assert client.post(url, form).status_code == 302 and "/accounts/login/" in client.post(url, form)["Location"]
    assert client_of(ivan).post(url, form).status_code == 403
    assert "Save a new version" not in client_of(ivan).get(url).content.decode()
    response = client_of(dg_home_admin).post(url, form)
    assert response.status_code == 302
    assert Obligation.objects.get(code="cfr-art-21").guidance == "Ask for data."
