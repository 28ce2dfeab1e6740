from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "wholeroute.home"
    label = "home"
    verbose_name = "Home, health check and page frame"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = ""
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = []
