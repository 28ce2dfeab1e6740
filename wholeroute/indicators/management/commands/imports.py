from django.core.management.base import BaseCommand, CommandError

from wholeroute.indicators.models import ImportRun


class Command(BaseCommand):
    help = "List statistics import runs (newest first), or show one run with every error."

    def add_arguments(self, parser):
        parser.add_argument("run", nargs="?", type=int, help="an import run number: show its counts and errors")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--failed", action="store_true", help="only failed runs")

    def handle(self, *args, run, limit, failed, **options):
        if run is not None:
            found = ImportRun.objects.filter(pk=run).select_related("dataset").first()
            if found is None:
                raise CommandError(f"no import run {run}")
            self.stdout.write(self._line(found))
            for error in found.errors:
                self.stdout.write(f"  {error}")
            return
        runs = ImportRun.objects.select_related("dataset").order_by("-started_at", "-pk")
        if failed:
            runs = runs.filter(status=ImportRun.Status.FAILED)
        for item in runs[:limit]:
            self.stdout.write(self._line(item))

    @staticmethod
    def _line(run):
        return (f"#{run.pk} {run.started_at:%Y-%m-%d %H:%M} {run.status:9} {run.file_name} "
                f"[{run.format or '?'}] dataset {run.dataset.code if run.dataset else '–'} "
                f"vintage {run.vintage or '–'}: read {run.read}, inserted {run.inserted}, updated {run.updated}, "
                f"unchanged {run.unchanged}, skipped {run.skipped}, rejected {run.rejected}"
                + (f", {len(run.errors)} error(s)" if run.errors else ""))
