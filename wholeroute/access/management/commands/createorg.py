from django.core.management.base import BaseCommand, CommandError

from wholeroute.access import actions
from wholeroute.access.models import Organisation, Role


class Command(BaseCommand):
    help = "Create an organisation, optionally with its first admin."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=Organisation.Kind.values)
        parser.add_argument("--short-name", default="")
        parser.add_argument("--country", default="", help="ISO alpha-2 code")
        parser.add_argument("--require-mfa", action="store_true")
        parser.add_argument("--admin-email", default="", help="e-mail of the organisation's first admin")

    def handle(self, *args, name, kind, short_name, country, require_mfa, admin_email, **options):
        from wholeroute.geo.models import Country

        country_obj = None
        if country:
            country_obj = Country.objects.filter(code=country.upper()).first()
            if country_obj is None:
                raise CommandError(f"--country: unknown country code {country!r}")
        org = actions.create_organisation(None, name=name, kind=kind, short_name=short_name, country=country_obj,
                                          require_mfa=require_mfa)
        self.stdout.write(self.style.SUCCESS(f"Created organisation {org.name} ({org.slug})"))
        if admin_email:
            actions.add_member(None, org, email=admin_email, role=Role.ADMIN)
            self.stdout.write(f"{admin_email} is its admin; set a password with `wholeroute changepassword {admin_email}`.")
