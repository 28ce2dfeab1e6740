"""URL configuration: fixed entries, then each wholeroute app's urls.py under its AppConfig.url_prefix."""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wholeroute.api.site import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
]

for _name in settings.WHOLEROUTE_APPS:
    try:
        _module = importlib.import_module(f"{_name}.urls")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{_name}.urls":
            raise
        continue
    _config = apps.get_app_config(_name.rsplit(".", 1)[1])
    _prefix = f"{_config.url_prefix}/" if _config.url_prefix else ""
    urlpatterns.append(path(_prefix, include((_module, _config.label), namespace=_config.label)))

handler403 = "wholeroute.home.views.forbidden"
handler404 = "wholeroute.home.views.not_found"
