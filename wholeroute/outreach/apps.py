from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "wholeroute.outreach"
    label = "outreach"
    verbose_name = "Diplomatic outreach"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "outreach"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Calendar", "outreach:calendar", False), ("Joint messages", "outreach:messages", True)]
