"""Import the EUTF for Africa tables (data/iati_eutf) as funded actions, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from wholeroute.access.models import Organisation
from wholeroute.funding import actions
from wholeroute.funding.models import Instrument
from wholeroute.funding.seed import EUTF_FOLDER


class Command(BaseCommand):
    help = "Import the EUTF for Africa projects, recipients, organisations and results tables."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(EUTF_FOLDER))

    def handle(self, *args, folder, **options):
        try:
            run = actions.import_eutf(None, folder, owner=Organisation.objects.get(slug="dg-intpa"),
                                      instrument=Instrument.objects.filter(slug="eutf-africa").first())
        except actions.ImportRefused as exc:
            raise CommandError("\n".join(exc.problems[:50])) from None
        except Organisation.DoesNotExist:
            raise CommandError("run `wholeroute seed` first (organisation dg-intpa missing)") from None
        self.stdout.write(", ".join(f"{k} {v}" for k, v in run.counts.items()))
        for warning in run.warnings[:20]:
            self.stdout.write(f"warning: {warning}")
