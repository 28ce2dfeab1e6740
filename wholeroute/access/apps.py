from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "wholeroute.access"
    label = "access"
    verbose_name = "Organisations, users, access rules and audit"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = ""
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = []
