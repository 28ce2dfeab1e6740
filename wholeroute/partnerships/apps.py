from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "wholeroute.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships and innovative solutions"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "partnerships"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Partnerships", "partnerships:list", False)]
