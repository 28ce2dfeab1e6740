from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wholeroute.forecasts import accuracy, actions


class Command(BaseCommand):
    help = ("Forecast every monthly statistics series 12 months ahead with backtested model choice, then "
            "evaluate the alert rules; or write the accuracy report.")

    def add_arguments(self, parser):
        parser.add_argument("--dataset", action="append", default=[], help="dataset code (repeatable; default all)")
        parser.add_argument("--as-of", default=None, help="use observations up to this month only (YYYY-MM)")
        parser.add_argument("--no-backtest", action="store_true", help="skip the rolling-origin backtest")
        parser.add_argument("--limit", type=int, default=None, help="at most N targets per dataset")
        parser.add_argument("--accuracy-report", type=Path, default=None,
                            help="backtest every target and write the accuracy report (Markdown) to this file")

    def handle(self, *args, dataset, as_of, no_backtest, limit, accuracy_report, **options):
        quiet = options.get("verbosity", 1) == 0
        with tqdm(desc="forecasts", unit=" targets", disable=quiet) as bar:
            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            if accuracy_report:
                text = accuracy.report(datasets=dataset, limit=limit, progress=progress)
                accuracy_report.write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Accuracy report written to {accuracy_report}"))
                return
            try:
                run = actions.run_forecasts(None, datasets=dataset, as_of=as_of, backtest=not no_backtest,
                                            limit=limit, progress=progress)
            except Exception as exc:
                raise CommandError(f"Forecasting failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Forecast run {run.pk}: {run.done} forecasts stored, {run.alerts} new alerts."))
