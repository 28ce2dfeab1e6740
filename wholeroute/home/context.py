from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from wholeroute.access import policy


def site(request):
    """Main navigation (from each app's AppConfig.nav) and who the user acts for."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    items = []
    for name in settings.WHOLEROUTE_APPS:
        config = apps.get_app_config(name.rsplit(".", 1)[1])
        for label, url_name, needs_sign_in in getattr(config, "nav", []):
            if needs_sign_in and not signed_in:
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "current": request.path.startswith(url) and url != "/"})
    return {
        "nav": items,
        "acting_organisation": policy.acting_organisation(user) if signed_in else None,
    }
