import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the app for local use: the development server plus a background task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, host, port, no_worker, **options):
        from wholeroute.access.seed import DEMO_PASSWORD

        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "wholeroute.cli", "worker"])  # noqa: S603
        self.stdout.write(self.style.SUCCESS(
            f"\nwholeroute on http://{host}:{port}/ — sign in as alice@interior.example with password "
            f"{DEMO_PASSWORD} (other demo accounts: see `wholeroute seed --demo` output)\n"
        ))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=10)
