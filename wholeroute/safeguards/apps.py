from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    name = "wholeroute.safeguards"
    label = "safeguards"
    verbose_name = "Fundamental-rights safeguards"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "safeguards"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Safeguards", "safeguards:overview", False)]
