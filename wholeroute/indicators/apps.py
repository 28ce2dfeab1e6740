from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "wholeroute.indicators"
    label = "indicators"
    verbose_name = "Migration statistics"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "statistics"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Statistics", "indicators:datasets", False)]
