"""Write the PUBLIC funded actions as an IATI 2.03 activity file, validated against the schema."""

from django.core.management.base import BaseCommand, CommandError

from wholeroute.funding.iati import export


class Command(BaseCommand):
    help = "Export PUBLIC funded actions as IATI 2.03 XML (validated against the official activity schema)."

    def add_arguments(self, parser):
        parser.add_argument("output")

    def handle(self, *args, output, **options):
        result = export.build()
        problems = export.validate(result.document)
        if problems:
            raise CommandError("the export does not validate:\n" + "\n".join(problems[:20]))
        with open(output, "wb") as handle:
            handle.write(result.to_bytes())
        self.stdout.write(f"{result.exported} activities written to {output}; {len(result.skipped)} left out "
                          "(IATI needs elements their source does not publish):")
        for name, reason in result.skipped[:50]:
            self.stdout.write(f"  {name}: {reason}")
