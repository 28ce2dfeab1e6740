"""The verbs of forecasting: run forecasts (and their backtest), evaluate the alert rules, handle alerts,
subscribe to them. Each is one transaction with its permission check and audit row."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.access.models import Role
from wholeroute.forecasts import engine, rules, targets
from wholeroute.forecasts.models import Alert, AlertRule, Forecast, ForecastPoint, ForecastRun, Subscription


def can_run(user) -> bool:
    """Forecasts are derived from shared statistics: like imports, administrators of a participating organisation."""
    return user is None or (bool(getattr(user, "is_authenticated", False)) and policy.is_participant(user)
                            and bool(policy.organisations_with_role(user, Role.ADMIN)))


def _month(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    try:
        return datetime.datetime.strptime(str(value), "%Y-%m").date()
    except ValueError as exc:
        raise ValidationError({"as_of": "Give the month as YYYY-MM."}) from exc


def queue_run(user, *, datasets=(), as_of=None, backtest=True) -> ForecastRun:
    if not can_run(user):
        raise PermissionDenied("Only administrators of a participating organisation may run forecasts.")
    with transaction.atomic():
        run = ForecastRun.objects.create(started_by=user, datasets=list(datasets), as_of=_month(as_of),
                                         backtest=backtest)
        audit.record(user=user, verb="forecasts.queue", obj=run, organisation=None,
                     after={"datasets": list(datasets), "as_of": str(run.as_of or ""), "backtest": backtest})
    from wholeroute.forecasts.tasks import run_forecasts_task

    run_forecasts_task.enqueue(run.pk)
    return run


def run_forecasts(user, *, datasets=(), as_of=None, backtest=True, limit=None, only=None, routes_only=False,
                  progress=None, run=None) -> ForecastRun:
    """Forecast every target of the monthly datasets (all, or those named), store them with their backtest, then
    evaluate the alert rules. The fitting happens outside the transaction; the storing is all or nothing.
    `only` keeps the targets whose key is, or starts with, that text followed by "|" (a route and its
    citizenships)."""
    if not can_run(user):
        raise PermissionDenied("Only administrators of a participating organisation may run forecasts.")
    as_of = _month(as_of)
    if run is None:
        run = ForecastRun.objects.create(started_by=user, datasets=list(datasets), as_of=as_of, backtest=backtest)
    ForecastRun.objects.filter(pk=run.pk).update(status=ForecastRun.Status.RUNNING)
    try:
        chosen = list(targets.monthly_datasets(datasets or None))
        unknown = sorted(set(datasets) - {d.code for d in chosen})
        if unknown:
            raise ValidationError({"dataset": f"No monthly dataset {', '.join(unknown)}."})
        prepared, frames = [], {}
        for dataset in chosen:
            found, frame, vintages = targets.frames(dataset, as_of=as_of, limit=limit, only=only,
                                                    routes_only=routes_only)
            frames[dataset.code] = frame
            prepared.append((dataset, found, frame, vintages))
        total = sum(len(found) for _, found, _, _ in prepared)
        ForecastRun.objects.filter(pk=run.pk).update(targets=total)
        fitted, done = [], 0
        for dataset, found, frame, vintages in prepared:
            if frame.empty:
                continue
            offset = done

            def report(n, offset=offset):
                if progress:
                    progress(offset + n, total)

            results = engine.forecast(frame, backtest=backtest, progress=report)
            done += len(results)
            fitted.append((dataset, found, vintages, results))
        with transaction.atomic():
            stored = _store(run, user, fitted)
            run.status, run.finished_at, run.done = ForecastRun.Status.SUCCEEDED, timezone.now(), len(stored)
            run.targets = total
            run.save()
            audit.record(user=user, verb="forecasts.run", obj=run, organisation=None,
                         after={"datasets": [d.code for d in chosen], "forecasts": len(stored),
                                "as_of": str(as_of or ""), "backtest": backtest})
        new_alerts = evaluate_alerts(user, frames=frames, forecasts=stored)
        ForecastRun.objects.filter(pk=run.pk).update(alerts=len(new_alerts))
        run.alerts = len(new_alerts)
        return run
    except Exception as exc:
        ForecastRun.objects.filter(pk=run.pk).update(status=ForecastRun.Status.FAILED, finished_at=timezone.now(),
                                                     error=f"{exc.__class__.__name__}: {exc}"[:2000])
        raise


def _store(run, user, fitted) -> list[Forecast]:
    stored = []
    for dataset, found, vintages, results in fitted:
        shared = list(dataset.shared_with.all())
        for result in results:
            target = found[result.unique_id]
            chosen = result.chosen
            forecast = Forecast.objects.create(
                run=run, dataset=dataset, series_id=target.series_id, route_id=target.route_id,
                citizenship_id=target.citizenship_id, target=target.key, label=target.label[:300],
                model=result.model, category=result.category, params=result.params,
                train_start=result.train_start.date(), train_end=result.train_end.date(), vintages=vintages,
                origins=result.origins, mase=chosen.get("mase"), smape=chosen.get("smape"),
                coverage80=chosen.get("coverage80"), coverage95=chosen.get("coverage95"),
                relative_mase=result.relative_mase, candidates=result.metrics,
                classification=dataset.classification, owner=dataset.owner,
                created_by=user if getattr(user, "is_authenticated", False) else None)
            if shared:
                forecast.shared_with.set(shared)
            ForecastPoint.objects.bulk_create([
                ForecastPoint(forecast=forecast, period_start=p.ds.date(), mean=p.mean, lo80=p.lo80, hi80=p.hi80,
                              lo95=p.lo95, hi95=p.hi95) for p in result.points])
            stored.append(forecast)
    return stored


def latest_forecasts(queryset=None):
    """The most recent forecast of each target (of those in `queryset`)."""
    from django.db.models import OuterRef, Subquery

    queryset = queryset if queryset is not None else Forecast.objects.filter(withdrawn_at__isnull=True)
    newest = Forecast.objects.filter(target=OuterRef("target"), withdrawn_at__isnull=True).order_by("-run_id")
    return queryset.filter(run_id=Subquery(newest.values("run_id")[:1]))


def evaluate_alerts(user, *, frames=None, forecasts=None) -> list[Alert]:
    """Apply every active rule to the forecasts and the observed months; new findings become alerts (once)."""
    if frames is None:
        frames = {d.code: targets.frames(d)[1] for d in targets.monthly_datasets()}
    forecasts = list(forecasts if forecasts is not None else latest_forecasts().prefetch_related("points"))
    import pandas as pd

    everything = pd.concat(list(frames.values()), ignore_index=True) if frames else pd.DataFrame(
        columns=["unique_id", "ds", "y"])
    created = []
    by_target = {f.target: f for f in forecasts}
    for rule in AlertRule.objects.filter(active=True):
        findings = rules.EVALUATORS[rule.kind](rule.params, forecasts, everything, frames_by_dataset=frames)
        for finding in findings:
            forecast = by_target.get(finding.target)
            created.extend(_raise_alert(user, rule, finding, forecast))
    return created


def _dataset_of(target_key):
    from wholeroute.indicators.models import Dataset

    return Dataset.objects.get(code=targets.parse_key(target_key)["dataset"])


@transaction.atomic
def _raise_alert(user, rule, finding, forecast):
    if Alert.objects.filter(rule=rule, target=finding.target, period_start=finding.period_start.date()).exists():
        return []
    dataset = forecast.dataset if forecast else _dataset_of(finding.target)
    route_id = forecast.route_id if forecast else None
    citizenship_id = forecast.citizenship_id if forecast else None
    if forecast is None:
        from wholeroute.geo.models import Country, Route

        parts = targets.parse_key(finding.target)
        route_id = Route.objects.filter(slug=parts.get("route")).values_list("pk", flat=True).first()
        citizenship_id = Country.objects.filter(code=parts.get("citizenship")).values_list("pk", flat=True).first()
    alert = Alert.objects.create(
        rule=rule, dataset=dataset, forecast=forecast, target=finding.target,
        label=(forecast.label if forecast else finding.target)[:300], route_id=route_id,
        citizenship_id=citizenship_id, period_start=finding.period_start.date(), message=finding.message,
        evidence=_plain(finding.evidence), classification=dataset.classification, owner=dataset.owner)
    audit.record(user=user, verb="forecasts.alert_raised", obj=alert, organisation=None,
                 after={"rule": rule.code, "target": alert.target, "period": f"{alert.period_start:%Y-%m}"})
    transaction.on_commit(lambda: notify(alert))
    return [alert]


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def notify(alert):
    """E-mail the subscribers of the alert's route or citizenship who may see it."""
    subscriptions = Subscription.objects.filter(ended_at__isnull=True).select_related("user")
    wanted = [s for s in subscriptions if (s.route_id and s.route_id == alert.route_id)
              or (s.country_id and s.country_id == alert.citizenship_id)]
    recipients = sorted({s.user.email for s in wanted if policy.can_view(s.user, alert)})
    if recipients:  # no figures by e-mail: the alert may be LIMITED; the link leads to the access-checked page
        send_mail(subject=f"[wholeroute] New alert: {alert.rule.title}",
                  message=f"A new early-warning alert concerns {alert.route or alert.citizenship or 'a series you follow'}"
                          f" ({alert.period_start:%B %Y}).\nOpen wholeroute at /forecasts/alerts/{alert.pk}/ to read "
                          "and acknowledge it.", from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients)
    return recipients


def _locked_for_handling(user, alert):
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    policy.require_view(user, alert)
    if not policy.is_participant(user):
        raise PermissionDenied("Only members of a participating organisation may handle alerts.")
    return alert


@transaction.atomic
def acknowledge_alert(user, alert) -> Alert:
    alert = _locked_for_handling(user, alert)
    if alert.status != Alert.Status.NEW:
        raise ValidationError({"status": f"This alert is already {alert.get_status_display().lower()}."})
    alert.status, alert.acknowledged_by, alert.acknowledged_at = Alert.Status.ACKNOWLEDGED, user, timezone.now()
    alert.handled_by = policy.acting_organisation(user)
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "handled_by", "updated_at"])
    audit.record(user=user, verb="forecasts.alert_acknowledged", obj=alert, after={"status": alert.status})
    return alert


@transaction.atomic
def close_alert(user, alert, *, note) -> Alert:
    alert = _locked_for_handling(user, alert)
    if not (note or "").strip():
        raise ValidationError({"note": "Say why the alert is closed."})
    if alert.status == Alert.Status.CLOSED:
        raise ValidationError({"status": "This alert is already closed."})
    alert.status, alert.closed_by, alert.closed_at, alert.closing_note = (
        Alert.Status.CLOSED, user, timezone.now(), note.strip())
    alert.handled_by = alert.handled_by or policy.acting_organisation(user)
    alert.save(update_fields=["status", "closed_by", "closed_at", "closing_note", "handled_by", "updated_at"])
    audit.record(user=user, verb="forecasts.alert_closed", obj=alert, after={"status": alert.status},
                 reason=note.strip())
    return alert


@transaction.atomic
def subscribe(user, *, route=None, country=None) -> Subscription:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to subscribe to alerts.")
    if route is None and country is None:
        raise ValidationError({"route": "Choose a route or a country."})
    subscription, _ = Subscription.objects.get_or_create(user=user, route=route, country=country, ended_at=None)
    audit.record(user=user, verb="forecasts.subscribe", obj=subscription, organisation=None,
                 after={"route": getattr(route, "slug", None), "country": getattr(country, "code", None)})
    return subscription


@transaction.atomic
def unsubscribe(user, subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.user_id != user.pk:
        raise PermissionDenied("This is not your subscription.")
    subscription.ended_at = timezone.now()
    subscription.save(update_fields=["ended_at"])
    audit.record(user=user, verb="forecasts.unsubscribe", obj=subscription, organisation=None,
                 after={"ended_at": str(subscription.ended_at)})
    return subscription
