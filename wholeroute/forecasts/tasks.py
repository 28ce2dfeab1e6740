"""Forecast runs queued from the web page (`actions.queue_run`)."""

from django_tasks import task

from wholeroute.forecasts.models import ForecastRun


@task()
def run_forecasts_task(run_id: int) -> str:
    from wholeroute.forecasts.actions import run_forecasts

    run = ForecastRun.objects.select_related("started_by").get(pk=run_id)

    def progress(done, total):
        ForecastRun.objects.filter(pk=run_id).update(done=done, targets=total)

    run = run_forecasts(run.started_by, datasets=run.datasets, as_of=run.as_of, backtest=run.backtest,
                        progress=progress, run=run)
    return run.status
