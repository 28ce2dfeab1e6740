from django.core.management.base import BaseCommand

from wholeroute.safeguards.actions import escalate_overdue


class Command(BaseCommand):
    help = "E-mail approvers about overdue allegations (once per level); run it daily, e.g. from cron."

    def handle(self, *args, **options):
        self.stdout.write(f"{escalate_overdue()} escalation e-mails sent")
