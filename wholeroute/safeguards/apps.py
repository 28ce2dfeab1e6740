from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    name = "wholeroute.safeguards"
    label = "safeguards"
    verbose_name = "Fundamental-rights safeguards"
    # URL prefix under which this app's urls.py is mounted ("" = site root).
    url_prefix = "safeguards"
    # Main navigation entries: (label, URL name, needs sign-in).
    nav = [("Safeguards", "safeguards:overview", False)]

    def ready(self):
        # Threshold rules watch result values, which the partnerships actions write: evaluate them in the same
        # transaction whenever a value is reported, verified, disputed or unlocked.
        from django.db.models.signals import post_save

        from wholeroute.partnerships.models import ResultValue
        from wholeroute.safeguards import triggers

        post_save.connect(triggers.result_value_saved, sender=ResultValue, dispatch_uid="safeguards-threshold-rules")
