from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks (imports, forecasts, report rendering). Start as many as needed."

    def handle(self, *args, **options):
        call_command("db_worker", interval=1.0)
