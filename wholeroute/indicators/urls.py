from django.urls import path

from wholeroute.indicators import derived_views, import_views, views

urlpatterns = [
    path("", views.datasets, name="datasets"),
    path("series/<int:pk>/", views.series, name="series"),
    path("import/", import_views.imports, name="imports"),
    path("import/<int:pk>/", import_views.import_run, name="import_run"),
    path("import/<int:pk>/retry/", import_views.retry, name="import_retry"),
    path("derived/", derived_views.derived_list, name="derived_list"),
    path("derived/<slug:code>/", derived_views.derived, name="derived"),
    path("<str:code>/", views.dataset, name="dataset"),
]
