from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "wholeroute.actors"
    label = "actors"
    verbose_name = "Mandates of organisations"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "actors"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Mandates", "actors:mandates", False)]
