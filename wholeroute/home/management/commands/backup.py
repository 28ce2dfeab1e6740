from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wholeroute.home import backup


class Command(BaseCommand):
    help = "Back up the database to a file (SQLite online backup, or pg_dump custom format for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path)

    def handle(self, *args, target, **options):
        try:
            backup.backup(target)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({target.stat().st_size:,} bytes)"))
