import importlib
import time

from django.core.management.base import BaseCommand

# Seed steps in dependency order; each app's seed.run(demo=…, stdout=…) is idempotent and atomic.
SEED_ORDER = ["geo", "access", "actors", "partnerships", "safeguards", "funding", "outreach", "indicators",
              "forecasts", "reports"]


class Command(BaseCommand):
    help = "Load reference data, the sourced registry and a real statistics subset. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="also create demonstration staff accounts")
        parser.add_argument("--only", nargs="*", choices=SEED_ORDER, help="seed only these apps")

    def handle(self, *args, demo=False, only=None, **options):
        for label in SEED_ORDER:
            if only and label not in only:
                continue
            try:
                module = importlib.import_module(f"wholeroute.{label}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"wholeroute.{label}.seed":
                    raise
                continue
            started = time.monotonic()
            summary = module.run(demo=demo, stdout=self.stdout)
            self.stdout.write(f"{label:13} {summary} ({time.monotonic() - started:.1f} s)")
        if demo:
            from wholeroute.access.seed import DEMO_PASSWORD, DEMO_USERS

            self.stdout.write(self.style.SUCCESS(f"Demo sign-in (password for all: {DEMO_PASSWORD}):"))
            for email, _first, org, role in DEMO_USERS:
                self.stdout.write(f"  {email:28} {role:9} {org}")
