import pytest
from django.core.management import call_command

from wholeroute.funding import actions
from wholeroute.funding.models import FundedAction

pytestmark = pytest.mark.django_db


def test_the_tracker_shows_the_migration_and_oda_shares_against_the_targets(client_of, envelope, partnership, alice,
                                                                             erin):
    actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Mobility scheme",
                              amount="400000", committed_on="2024-06-01", channel="direct", oda_eligible="yes",
                              purpose_code="15190")
    actions.record_commitment(alice, envelope=envelope, partnership=partnership, title="Patrol boats",
                              amount="600000", committed_on="2024-07-01", channel="direct", oda_eligible="no")
    page = client_of(erin).get("/funding/tracker/").content.decode()
    assert "Target: 10" in page and "at least 93" in page
    # 2024: 400,000 of 1,000,000 is 15190 → 40.0 %; 400,000 ODA-eligible → 40.0 %; the rest is known not-ODA.
    assert page.count("40.0") >= 2
    assert "the share is unknown, not zero" not in page.split("ODA-eligible share")[0].split("NDICI")[-1]


def test_the_tracker_says_what_is_unknown_for_the_eutf(client, seeded):
    page = client.get("/funding/tracker/").content.decode()
    assert "15190 share of EUTF spending is unknown" in page
    assert "No approved commitments you may see: the share is unknown, not zero." in page


def test_the_iati_commands_export_and_import_a_valid_file(seeded, tmp_path, capsys):
    out = tmp_path / "export.xml"
    call_command("funding_export_iati", str(out))
    assert "activities written" in capsys.readouterr().out
    call_command("funding_import_iati", str(out), "--owner", "dg-intpa", "--instrument", "eutf-africa")
    assert FundedAction.objects.filter(source="iati").count() > 500
