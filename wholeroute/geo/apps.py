from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "wholeroute.geo"
    label = "geo"
    verbose_name = "Countries, groupings and routes"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = ""
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [('Countries', 'geo:countries', False), ('Routes', 'geo:routes', False)]
