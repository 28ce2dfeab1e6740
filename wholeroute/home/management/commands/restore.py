from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wholeroute.access.audit import verify_chain
from wholeroute.home import backup


class Command(BaseCommand):
    help = "Restore the database from a backup made by `wholeroute backup`, then verify the audit chain."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, source, yes, **options):
        if not yes and input(f"Replace the current database with {source}? [y/N] ").strip().lower() != "y":
            raise CommandError("Restore cancelled.")
        try:
            backup.restore(source)
        except (RuntimeError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        problems = verify_chain()
        if problems:
            raise CommandError("Restored, but the audit chain does not verify:\n" + "\n".join(problems[:20]))
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}; audit chain verified."))
