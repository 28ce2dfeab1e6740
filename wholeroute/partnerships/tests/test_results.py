import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wholeroute.geo.models import Country
from wholeroute.partnerships import actions, results
from wholeroute.partnerships.models import ResultIndicator, ResultValue

D = decimal.Decimal


@pytest.fixture
def indicator(draft, alice):
    return actions.define_indicator(alice, draft, name="Returnees receiving reintegration support", unit="people",
                                    measure="count", beneficiary_group="returnees-reintegrated", target_value="400",
                                    disaggregation=["sex"])


def test_free_text_never_enters_a_numeric_field(indicator, alice):
    with pytest.raises(ValidationError) as exc:
        actions.report_value(alice, indicator, period="2025", value="N/A")
    assert "'N/A' is not a number" in exc.value.message_dict["value"][0]
    with pytest.raises(ValidationError) as exc:
        actions.report_value(alice, indicator, period="2025-Q5", value="12")
    assert "period" in exc.value.message_dict
    assert not ResultValue.objects.exists()


def test_the_api_answers_free_text_with_a_field_error(indicator, alice, client_of):
    response = client_of(alice).post(f"/api/partnerships/indicators/{indicator.pk}/values",
                                     {"period": "2025", "value": "about 300"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "value"


def test_a_breakdown_that_does_not_add_up_is_flagged(indicator, alice):
    v = actions.report_value(alice, indicator, period="2025", value="200",
                             breakdown={"sex": {"female": "120", "male": "70"}})
    assert results.value_flags(v) == ["sex breakdown adds up to 190, not the total 200"]
    ok = actions.report_value(alice, indicator, period="2024", value="200",
                              breakdown={"sex": {"female": "120", "male": "80"}})
    assert results.value_flags(ok) == []


def test_a_value_above_the_plausibility_bound_is_flagged(indicator, alice):
    v = actions.report_value(alice, indicator, period="2025", value="950")
    assert results.value_flags(v) == ["above the plausibility bound of 800"]


def test_cumulative_counts_are_never_summed_across_periods(draft, alice):
    ind = actions.define_indicator(alice, draft, name="Officers trained to date", unit="officers",
                                   measure="cumulative")
    for period, value in (("2024", 100), ("2025", 160)):
        actions.report_value(alice, ind, period=period, value=value)
    [row] = results.rollup(ResultIndicator.objects.filter(pk=ind.pk), alice)
    assert row.total == D(160)


def test_ratios_are_recomputed_from_summed_numerators_and_denominators(draft, alice, ministry):
    other = actions.create_partnership(alice, owner=ministry, title="Second", countries=[Country.objects.get(code="MA")])
    for p, (num, den) in ((draft, (90, 100)), (other, (10, 100))):
        ind = actions.define_indicator(alice, p, name="Return rate", unit="share", measure="ratio",
                                       numerator_label="returned", denominator_label="ordered to leave",
                                       beneficiary_group="return-rate")
        actions.report_value(alice, ind, period="2025", numerator=num, denominator=den)
    # Averaging the two ratios would also give 0.5 here; use unequal denominators to tell them apart.
    ind3 = actions.define_indicator(alice, other, name="Return rate (b)", unit="share", measure="ratio",
                                    numerator_label="returned", denominator_label="ordered to leave",
                                    beneficiary_group="return-rate")
    actions.report_value(alice, ind3, period="2025", numerator=0, denominator=800)
    [row] = results.rollup(ResultIndicator.objects.all(), alice)
    assert row.numerator == D(100) and row.denominator == D(1000)
    assert row.total == D("0.1")  # an average of 0.9, 0.1 and 0 would say 0.333…


def test_same_beneficiaries_reported_by_two_partnerships_on_one_route_are_flagged(draft, indicator, alice, ministry):
    other = actions.create_partnership(alice, owner=ministry, title="Libya reintegration window",
                                       countries=[Country.objects.get(code="LY")])
    other_ind = actions.define_indicator(alice, other, name="Reintegrated returnees", unit="people",
                                         beneficiary_group="returnees-reintegrated")
    far = actions.create_partnership(alice, owner=ministry, title="Philippines window",
                                     countries=[Country.objects.get(code="PH")])
    far_ind = actions.define_indicator(alice, far, name="Reintegrated", unit="people",
                                       beneficiary_group="returnees-reintegrated")
    mine = actions.report_value(alice, indicator, period="2025", value=150)
    actions.report_value(alice, other_ind, period="2025-Q2", value=150)
    actions.report_value(alice, far_ind, period="2025", value=150)
    flags = results.double_counting([mine], alice)[mine.pk]
    assert len(flags) == 1 and "Libya reintegration window" in flags[0]
    [row] = results.rollup(ResultIndicator.objects.all(), alice)
    assert any("possible double counting" in f for f in row.flags)


def test_a_verified_value_is_locked_and_unlocking_needs_an_approver_and_a_reason(indicator, alice, erin):
    v = actions.report_value(alice, indicator, period="2025", value=100)
    with pytest.raises(PermissionDenied):
        actions.verify_value(alice, v)
    actions.verify_value(erin, v)
    with pytest.raises(ValidationError, match="locked"):
        actions.report_value(alice, indicator, period="2025", value=300)
    with pytest.raises(PermissionDenied):
        actions.unlock_value(alice, v, reason="typo")
    with pytest.raises(ValidationError):
        actions.unlock_value(erin, v, reason="")
    actions.unlock_value(erin, v, reason="Evidence shows 110")
    v.refresh_from_db()
    assert v.status == "reported" and v.status_reason == "Evidence shows 110"
    actions.report_value(alice, indicator, period="2025", value=110)
    assert ResultValue.objects.get(pk=v.pk).value == D(110)


def test_the_reporter_cannot_verify_their_own_value(indicator, ministry, erin):
    v = actions.report_value(erin, indicator, period="2025", value=100)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        actions.verify_value(erin, v)


def test_a_results_page_with_hundreds_of_periods_uses_a_bounded_number_of_queries(
        draft, alice, client_of, django_assert_max_num_queries):
    for n in range(6):
        ind = actions.define_indicator(alice, draft, name=f"Indicator {n}", unit="people",
                                       beneficiary_group="returnees-reintegrated" if n % 2 else "",
                                       disaggregation=["sex"])
        ResultValue.objects.bulk_create([
            ResultValue(indicator=ind, period=f"{year}-{month:02d}", period_start=f"{year}-{month:02d}-01",
                        period_end=f"{year}-{month:02d}-28", value=D(10 + month), reported_by=alice,
                        breakdown={"sex": {"female": "5", "male": str(5 + month)}})
            for year in range(2020, 2025) for month in range(1, 13)])
    assert ResultValue.objects.count() == 360
    c = client_of(alice)
    with django_assert_max_num_queries(40):
        response = c.get(f"/partnerships/{draft.pk}/results/")
    assert response.status_code == 200
    assert response.content.decode().count("<th scope=\"row\">2024-12</th>") == 6
