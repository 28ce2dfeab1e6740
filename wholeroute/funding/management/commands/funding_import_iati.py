"""Import an IATI 2.03 activity file (streamed, hardened, all or nothing)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wholeroute.access.models import Classification, Organisation
from wholeroute.funding import actions
from wholeroute.funding.models import Instrument


class Command(BaseCommand):
    help = "Import an IATI 2.03 activity XML file as funded actions (refuses DTDs/entities; nothing written on error)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", default="dg-intpa", help="slug of the owning organisation")
        parser.add_argument("--instrument", default="", help="slug of the instrument that funds the actions")
        parser.add_argument("--classification", default=Classification.PUBLIC, choices=Classification.values)

    def handle(self, *args, file, owner, instrument, classification, **options):
        org = Organisation.objects.filter(slug=owner).first()
        if org is None:
            raise CommandError(f"no organisation {owner!r}")
        inst = Instrument.objects.filter(slug=instrument).first() if instrument else None
        bar = tqdm(unit=" activities", disable=None)

        def progress(read):
            bar.n = read
            bar.refresh()

        try:
            run = actions.import_iati(None, file, owner=org, instrument=inst, classification=classification,
                                      progress=progress)
        except actions.ImportRefused as exc:
            raise CommandError("\n".join(exc.problems[:50])) from None
        finally:
            bar.close()
        self.stdout.write(", ".join(f"{k} {v}" for k, v in run.counts.items()))
