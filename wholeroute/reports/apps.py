from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "wholeroute.reports"
    label = "reports"
    verbose_name = "Briefing packs and dashboards"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "reports"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("My packs", "reports:packs", True)]
