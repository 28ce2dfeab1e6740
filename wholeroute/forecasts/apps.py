from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "wholeroute.forecasts"
    label = "forecasts"
    verbose_name = "Forecasts and early warning"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "forecasts"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Forecasts", "forecasts:index", False)]
