from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "wholeroute.funding"
    label = "funding"
    verbose_name = "Funding"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "funding"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Funding", "funding:overview", False)]
