import csv
import io

from wholeroute.access.models import Organisation
from wholeroute.actors import gaps
from wholeroute.actors.models import Function, MandateEntry, MandateHolder
from wholeroute.partnerships import actions


def _role(user, p, org_slug, code, where, phase="implementation", role="implementing"):
    return actions.assign_role(user, p, organisation=Organisation.objects.get(slug=org_slug), phase=phase, role=role,
                               function=Function.objects.get(code=code), where=where)


def test_mandates_load_with_sources_and_uncertainty_flags(mandates):
    frontex = MandateHolder.objects.get(code="frontex")
    excluded = MandateEntry.objects.get(holder=frontex, permitted=False,
                                        function__code="return_operations_from_third_country_to_third_country")
    assert excluded.source == "https://fra.europa.eu/en/publication/2025/planned-return-hubs-third-countries-eu-fundamental-rights-law-issues"
    assert "no provision conferring the function" in excluded.legal_basis
    assert MandateEntry.objects.filter(permitted=True).count() == 50
    assert MandateEntry.objects.filter(permitted=False).count() == 23
    assert MandateEntry.objects.get(holder=frontex, function__code="return_operations_from_member_states").uncertain


def test_reloading_mandates_changes_nothing(mandates):
    from wholeroute.access.models import AuditEntry
    from wholeroute.actors import seed

    rows = AuditEntry.objects.count()
    assert "0 created, 0 updated, 10 unchanged" in seed.run(demo=False)
    assert AuditEntry.objects.count() == rows


def test_a_frontex_return_from_a_third_country_to_another_is_flagged(draft, alice, mandates):
    role = _role(alice, draft, "frontex", "return_operations_from_third_country_to_third_country", "third_countries")
    finding = gaps.MandateIndex().check(role)
    assert finding.verdict == gaps.OUTSIDE and finding.is_gap
    assert "Regulation" in finding.explanation and finding.entry.legal_basis.startswith("EBCG Regulation")
    assert [f.assignment for f in gaps.report(alice, draft)] == [role]


def test_a_frontex_return_from_a_member_state_is_not_flagged(draft, alice, mandates):
    for where in ("member_states", "third_countries"):
        role = _role(alice, draft, "frontex", "return_operations_from_member_states", where)
        assert gaps.MandateIndex().check(role).verdict == gaps.INSIDE
    assert gaps.report(alice, draft) == []


def test_a_function_permitted_only_elsewhere_is_flagged(draft, alice, mandates):
    role = _role(alice, draft, "frontex", "return_teams_and_return_interventions", "third_countries")
    finding = gaps.MandateIndex().check(role)
    assert finding.verdict == gaps.OUTSIDE and "in EU Member States only" in finding.explanation


def test_a_function_no_provision_confers_is_flagged(draft, alice, mandates):
    role = _role(alice, draft, "fra", "coercive_measures", "third_countries")
    assert gaps.MandateIndex().check(role).verdict in (gaps.OUTSIDE, gaps.NOT_CONFERRED)


def test_a_ministry_acts_under_the_member_states_mandate(draft, alice, ministry, mandates):
    role = actions.assign_role(alice, draft, organisation=ministry, phase="design", role="lead",
                               function=Function.objects.get(code="operational_cooperation_third_country"),
                               where="third_countries")
    finding = gaps.MandateIndex().check(role)
    assert finding.holder.code == "member-states"


def test_the_gap_report_exports_as_csv(draft, alice, client_of, mandates):
    _role(alice, draft, "frontex", "return_operations_from_third_country_to_third_country", "third_countries")
    response = client_of(alice).get("/actors/gaps/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == gaps.CSV_COLUMNS
    assert rows[1][0] == "Tunisia reintegration pilot" and rows[1][7] == "Outside the mandate"


def test_the_gap_report_hides_partnerships_the_user_may_not_see(draft, alice, mandates, bob):
    _role(alice, draft, "frontex", "return_operations_from_third_country_to_third_country", "third_countries")
    from wholeroute.access.actions import reclassify

    reclassify(alice, draft, classification="SENSITIVE")
    assert gaps.report(bob) == []
    assert len(gaps.report(alice)) == 1
