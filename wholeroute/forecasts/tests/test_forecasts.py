"""Forecasts on the real Frontex and IOM files: horizon, non-negative counts, nested intervals, reproducibility,
short and all-zero series, and an alert on the Eastern Borders surge of summer 2021 from a model trained before it."""

import pandas as pd
import pytest
from django.core import mail

from wholeroute.access.models import AuditEntry
from wholeroute.forecasts import actions, engine
from wholeroute.forecasts import seed as forecasts_seed
from wholeroute.forecasts.models import Alert, Forecast, ForecastRun
from wholeroute.indicators.load import load
from wholeroute.indicators.seed import DATA

LONG = DATA / "frontex/frontex_ibc_monthly_long_2009-01_2023-12.csv"
MMP = DATA / "iom_mmp/mmp_incidents_global_2014-01_2023-12.csv"
EASTERN = "frontex_ibc|route=eastern-borders"


@pytest.fixture
def frontex(geography):
    assert load(LONG).status == "succeeded"
    forecasts_seed.run()


def real_route_frame(route="Eastern Borders Route"):
    frame = pd.read_csv(LONG)
    frame = frame[frame["route"] == route].groupby("month")["detections"].sum().reset_index()
    return pd.DataFrame({"unique_id": route, "ds": pd.to_datetime(frame["month"] + "-01"), "y": frame["detections"]})


def assert_well_formed(points, horizon=12):
    assert len(points) == horizon
    months = [p.ds if hasattr(p, "ds") else pd.Timestamp(p.period_start) for p in points]
    assert months == sorted(months) and len(set(months)) == horizon
    for p in points:
        assert 0 <= p.lo95 <= p.lo80 <= p.mean <= p.hi80 <= p.hi95


@pytest.mark.django_db
def test_a_real_frontex_route_gets_a_backtested_twelve_month_forecast_with_nested_non_negative_intervals(frontex):
    run = actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN)
    forecast = Forecast.objects.get(target=EASTERN, run=run)
    points = list(forecast.points.all())
    assert_well_formed(points)
    assert points[0].period_start.isoformat() == "2024-01-01" and forecast.train_end.isoformat() == "2023-12-01"
    assert forecast.origins == 3 and forecast.mase is not None and forecast.coverage95 is not None
    assert forecast.model in forecast.candidates and "SeasonalNaive" in forecast.candidates
    assert forecast.relative_mase == pytest.approx(forecast.mase / forecast.candidates["SeasonalNaive"]["mase"])
    assert forecast.classification == forecast.dataset.classification and forecast.vintages
    assert AuditEntry.objects.filter(verb="forecasts.run", object_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_re_running_on_the_same_data_gives_the_same_forecast(frontex):
    first = actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, backtest=False)
    second = actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, backtest=False)
    a, b = (Forecast.objects.get(run=r, target=EASTERN) for r in (first, second))
    assert a.model == b.model and a.params == b.params
    assert [(p.mean, p.lo95, p.hi95) for p in a.points.all()] == [(p.mean, p.lo95, p.hi95) for p in b.points.all()]


def test_a_six_month_series_and_an_all_zero_series_are_forecast_not_refused():
    real = real_route_frame()
    six = real.iloc[:6].assign(unique_id="six months")
    quiet = real.iloc[:30].assign(unique_id="all zero", y=0)  # a route's months with no detection, as reported
    results = {r.unique_id: r for r in engine.forecast(pd.concat([six, quiet]))}
    assert results["six months"].category == "short" and results["six months"].model == "Naive"
    assert results["all zero"].category == "zero"
    assert all(p.mean == p.hi95 == 0 for p in results["all zero"].points)
    for result in results.values():
        assert_well_formed(result.points)
        assert result.origins == 0  # too short to backtest honestly


def test_an_intermittent_series_gets_a_model_for_intermittent_demand():
    frame = pd.read_csv(LONG)
    sparse = frame[(frame["route"] == "Black Sea Route")].groupby("month")["detections"].sum()
    months = pd.date_range("2009-01-01", "2023-12-01", freq="MS")
    y = sparse.reindex([m.strftime("%Y-%m") for m in months]).fillna(0).to_numpy()
    result = engine.forecast(pd.DataFrame({"unique_id": "black sea", "ds": months, "y": y}))[0]
    assert result.category == "intermittent" and (y == 0).mean() >= engine.INTERMITTENT_ZEROS
    assert {"CrostonClassic", "ADIDA", "IMAPA"} <= set(result.metrics)
    assert_well_formed(result.points)
    # SeasonalNaive is backtested as the baseline of relative MASE, but never chosen for an intermittent target
    assert "SeasonalNaive" in result.metrics and result.model != "SeasonalNaive"
    assert result.relative_mase is not None


def test_intervals_are_widened_by_what_the_backtest_missed_never_narrowed(monkeypatch):
    real = real_route_frame()  # the backtest origins 2021-2023 include the 2021 surge the model did not foresee
    result = engine.forecast(real)[0]
    widening = result.params["interval_widening"]
    assert set(widening) == {"80", "95"} and all(1 <= k <= engine.MAX_WIDENING for k in widening.values())
    assert widening["95"] > 1
    monkeypatch.setattr(engine, "MAX_WIDENING", 1.0)  # the same choice, with the model's own intervals
    own = engine.forecast(real)[0]
    assert own.model == result.model and [p.mean for p in own.points] == [p.mean for p in result.points]
    widths = [(w.hi95 - w.lo95, o.hi95 - o.lo95) for w, o in zip(result.points, own.points, strict=True)]
    assert all(w >= o - 1e-9 for w, o in widths) and any(w > o for w, o in widths)
    assert_well_formed(result.points)


@pytest.mark.django_db
def test_an_alert_fires_on_the_eastern_borders_surge_of_2021_from_a_model_trained_before_it(
        frontex, alice, django_capture_on_commit_callbacks):
    from wholeroute.forecasts.models import Subscription
    from wholeroute.geo.models import Route

    Subscription.objects.create(user=alice, route=Route.objects.get(slug="eastern-borders"))
    run = actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, as_of="2021-05")
    forecast = Forecast.objects.get(run=run, target=EASTERN)
    assert forecast.train_end.isoformat() == "2021-05-01"
    assert not Alert.objects.filter(rule__code="outside-95").exists()  # nothing observed after May 2021 was used

    with django_capture_on_commit_callbacks(execute=True):
        raised = actions.evaluate_alerts(None)  # the months since are now compared with that forecast
    alert = next(a for a in raised if a.rule.code == "outside-95" and a.target == EASTERN)
    assert alert.period_start.isoformat() in ("2021-06-01", "2021-07-01")
    assert alert.evidence["observed"] > alert.evidence["hi95"] and alert.forecast == forecast
    assert alert.status == Alert.Status.NEW and alert.route.slug == "eastern-borders"
    assert [m.to for m in mail.outbox if "New alert" in m.subject] == [[alice.email]]
    assert "3236" not in mail.outbox[0].body  # no figures by e-mail
    assert actions.evaluate_alerts(None) == []  # evaluated again: nothing new


@pytest.mark.django_db
def test_an_alert_is_acknowledged_then_closed_with_a_note_and_each_step_is_audited(frontex, alice, erin):
    actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, as_of="2021-05", backtest=False)
    alert = next(a for a in actions.evaluate_alerts(None) if a.target == EASTERN and a.rule.code == "outside-95")
    actions.acknowledge_alert(alice, alert)
    with pytest.raises(Exception, match="already acknowledged"):
        actions.acknowledge_alert(erin, alert)
    with pytest.raises(Exception, match="Say why"):
        actions.close_alert(erin, alert, note=" ")
    actions.close_alert(erin, alert, note="Instrumentalisation by Belarus; covered by the joint response.")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED and alert.acknowledged_by == alice and alert.closed_by == erin
    assert list(AuditEntry.objects.filter(object_id=str(alert.pk), verb__startswith="forecasts.alert").order_by(
        "pk").values_list("verb", flat=True)) == [
        "forecasts.alert_raised", "forecasts.alert_acknowledged", "forecasts.alert_closed"]


@pytest.mark.django_db
def test_forecasts_of_a_sensitive_dataset_are_hidden_from_other_organisations_and_anonymous_visitors(
        frontex, ministry, alice, bob, client_of):
    from wholeroute.indicators.models import Dataset

    Dataset.objects.filter(code="frontex_ibc").update(classification="SENSITIVE", owner=ministry)
    run = actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, backtest=False)
    forecast = Forecast.objects.get(run=run, target=EASTERN)
    assert forecast.classification == "SENSITIVE" and forecast.owner == ministry
    assert client_of(alice).get(f"/forecasts/{forecast.pk}/").status_code == 200
    assert client_of(bob).get(f"/forecasts/{forecast.pk}/").status_code == 404
    assert forecast.label not in client_of(bob).get("/forecasts/").content.decode()
    assert client_of(bob).get(f"/api/forecasts/{forecast.pk}").status_code == 404
    from django.test import Client

    assert forecast.label not in Client().get("/api/forecasts/").content.decode()  # anonymous
    assert Client().get(f"/forecasts/{forecast.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_route_page_shows_the_forecast_chart_with_its_table_and_the_open_alerts(frontex, client):
    actions.run_forecasts(None, datasets=["frontex_ibc"], only=EASTERN, as_of="2021-05", backtest=False)
    actions.evaluate_alerts(None)
    page = client.get("/routes/eastern-borders/").content.decode()
    assert "Forecasts and early warning" in page and "<svg" in page
    assert "Forecast of Detections of illegal border-crossing" in page and "95 % high" in page
    assert "Observed value outside the 95 % forecast interval" in page


TP = DATA / "eurostat/migr_asytpsm_temporary_protection_UA_monthly_2022-03_2024-03.csv"


@pytest.mark.django_db
def test_an_administrator_runs_forecasts_from_the_page_as_a_background_task(geography, client_of, ivan, alice):
    run_of_import = load(TP)
    assert run_of_import.status == "succeeded"
    code = run_of_import.dataset.code
    assert client_of(alice).post("/forecasts/run/", {"dataset": code}).status_code == 403
    response = client_of(ivan).post("/forecasts/run/", {"dataset": code})
    run = ForecastRun.objects.get()
    assert response["Location"] == f"/forecasts/runs/{run.pk}/"
    assert run.status == ForecastRun.Status.SUCCEEDED and run.started_by == ivan
    series = run_of_import.dataset.series.count()
    assert run.done == run.targets == series == Forecast.objects.filter(run=run).count()
    for forecast in Forecast.objects.filter(run=run)[:5]:
        assert_well_formed(list(forecast.points.all()))
    assert "Succeeded" in client_of(ivan).get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_run_that_fails_is_reported_with_its_error(geography, client_of, ivan):
    client_of(ivan).post("/forecasts/run/", {"dataset": "no_such_dataset"})
    run = ForecastRun.objects.get()
    assert run.status == ForecastRun.Status.FAILED and "No monthly dataset no_such_dataset" in run.error
    assert "No monthly dataset no_such_dataset" in client_of(ivan).get(f"/forecasts/runs/{run.pk}/").content.decode()


@pytest.mark.django_db
def test_the_forecast_command_stores_forecasts_and_reports_the_run(frontex, capsys):
    from django.core.management import call_command

    call_command("forecast", dataset=["frontex_ibc"], limit=3, no_backtest=True, verbosity=0)
    assert "3 forecasts stored" in capsys.readouterr().out
    assert Forecast.objects.count() == 3


@pytest.mark.django_db
def test_the_country_page_charts_the_forecasts_for_its_citizens_on_each_route(frontex, client):
    target = "frontex_ibc|route=eastern-borders|citizenship=IQ"
    actions.run_forecasts(None, datasets=["frontex_ibc"], only=target, backtest=False)
    page = client.get("/countries/IQ/").content.decode()
    assert "Forecasts and early warning" in page and "citizens of Iraq" in page and "95 % high" in page
