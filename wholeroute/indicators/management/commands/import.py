from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun
from wholeroute.indicators.parsers import modules


class Command(BaseCommand):
    help = "Import a statistics file (format detected from its header unless --format is given)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", dest="fmt", choices=sorted(modules()), help="skip detection")
        parser.add_argument("--vintage", default=None, help="publisher's date of the file, when the file does not say")

    def handle(self, *args, file, fmt, vintage, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        with tqdm(desc=file.name, unit=" rows", disable=options.get("verbosity", 1) == 0) as bar:
            def progress(read):
                bar.update(read - bar.n)

            run = load(file, fmt=fmt, vintage=vintage, progress=progress)
        self.stdout.write(f"{run.file_name} [{run.format or 'unknown format'}] vintage {run.vintage or '–'}: "
                          f"read {run.read}, inserted {run.inserted}, updated {run.updated}, "
                          f"unchanged {run.unchanged}, skipped {run.skipped}, rejected {run.rejected}")
        if run.status != ImportRun.Status.SUCCEEDED:
            for error in run.errors[:50]:
                self.stderr.write(f"  {error}")
            if len(run.errors) > 50:
                self.stderr.write(f"  … and {len(run.errors) - 50} more (all stored on import run {run.pk})")
            raise CommandError("Import failed; nothing was written.")
        self.stdout.write(self.style.SUCCESS(f"Import run {run.pk} succeeded."))
