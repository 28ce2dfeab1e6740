from decimal import Decimal

import pytest

from wholeroute.access.models import AuditEntry, Classification
from wholeroute.funding import seed
from wholeroute.funding.models import (
    ActionCountry,
    ActionResult,
    Envelope,
    EnvelopeFigure,
    FundedAction,
    FundingRule,
    Instrument,
)

pytestmark = pytest.mark.django_db


def test_the_seed_loads_the_ten_registry_envelopes_with_their_sources(ledger):
    assert Envelope.objects.count() == 10
    ndici = Envelope.objects.get(registry_id="ndici-global-europe-2021-2027")
    assert ndici.amount == Decimal("79500000000.00") and ndici.currency == "EUR"
    assert ndici.price_basis == "current prices"
    assert "https://nao.gov.lr/ndici" in ndici.sources
    assert ndici.instrument.legal_basis == "Regulation (EU) 2021/947"
    assert all(e.classification == Classification.PUBLIC for e in Envelope.objects.all())


def test_uncertain_figures_stay_flagged(ledger):
    ndici = Envelope.objects.get(registry_id="ndici-global-europe-2021-2027")
    sub_saharan = ndici.figures.get(amount=Decimal("29180000000"))
    assert sub_saharan.uncertain and "Encyclopaedia" in sub_saharan.note
    assert Envelope.objects.get(registry_id="bmvi-2021-2027").uncertain
    frit_second = EnvelopeFigure.objects.get(envelope__registry_id="facility-refugees-turkey", order=2)
    assert frit_second.uncertain
    assert Instrument.objects.get(slug="ndici-global-europe").migration_target_uncertain


def test_seeded_records_are_owned_by_dg_intpa_or_dg_home(ledger):
    assert Envelope.objects.get(registry_id="amif-2021-2027").owner.slug == "dg-home"
    assert Envelope.objects.get(registry_id="eutf-africa").owner.slug == "dg-intpa"
    assert set(Instrument.objects.values_list("owner__slug", flat=True)) == {"dg-home", "dg-intpa"}


def test_eutf_countries_come_from_the_record(ledger):
    eutf = Envelope.objects.get(registry_id="eutf-africa")
    assert {"NE", "LY", "ET", "MA"} <= set(eutf.countries.values_list("code", flat=True))
    assert eutf.countries.count() == 23


def test_re_running_the_seed_changes_nothing(seeded):
    audits = AuditEntry.objects.count()
    counts = (Envelope.objects.count(), FundedAction.objects.count(), ActionResult.objects.count(),
              FundingRule.objects.count())
    message = seed.run(demo=False, stdout=None)
    assert "unchanged" in message
    assert AuditEntry.objects.count() == audits
    assert counts == (Envelope.objects.count(), FundedAction.objects.count(), ActionResult.objects.count(),
                      FundingRule.objects.count())


def test_the_eutf_tables_import_644_activities_with_real_budgets(seeded):
    assert FundedAction.objects.filter(source=FundedAction.Source.EUTF).count() == 644
    assert FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-LY-07").budget == Decimal("15000000.00")
    assert FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-REG-14-01").budget == Decimal("3700000.00")
    assert FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-REG-13-01").budget == Decimal("24000000.00")
    total = sum(a.budget or 0 for a in FundedAction.objects.all())
    assert round(total / 10**9, 2) == Decimal("13.26")  # PROVENANCE.md: EUR 13.26 bn across hierarchy levels


def test_eutf_activities_link_to_countries_and_implementing_organisations(seeded):
    action = FundedAction.objects.get(iati_identifier="T05-EUTF-NOA-REG-13-01")
    assert action.participants.filter(role="4", name="International Organization for Migration").exists()
    assert action.participants.get(role="4").organisation.slug == "iom"
    chad = ActionCountry.objects.filter(action__iati_identifier="T05-EUTF-SAH-TD-07-02").get()
    assert chad.country.code == "TD" and chad.budget == Decimal("7000000.00")
    assert action.instrument.slug == "eutf-africa"
    assert action.classification == Classification.PUBLIC and action.owner.slug == "dg-intpa"


def test_empty_published_results_stay_empty_never_zero(seeded):
    rows = ActionResult.objects.filter(action__iati_identifier="T05-EUTF-NOA-REG-14-01").order_by("order")
    jobs = rows.get(title="Number of jobs created")
    assert jobs.target is None and jobs.actual is None and jobs.baseline is None
    protected = rows.get(title__startswith="Number of migrants in transit and forcibly displaced")
    assert protected.actual == Decimal("3794") and protected.target is None
    percent = ActionResult.objects.filter(target_text="80%").first()
    assert percent.target is None and percent.target_text == "80%"
