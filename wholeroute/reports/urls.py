from django.urls import path

from wholeroute.reports import views

app_name = "reports"

urlpatterns = [
    path("packs/", views.pack_list, name="packs"),
    path("packs/<int:pk>/", views.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/download", views.pack_download, name="pack_download"),
    path("packs/<int:pk>/regenerate", views.pack_regenerate, name="pack_regenerate"),
    path("packs/<int:pk>/retry", views.pack_retry, name="pack_retry"),
    path("route/<slug:slug>/dashboard", views.route_dashboard, name="route_dashboard"),
    path("<str:kind>/<str:key>/fiche.<str:fmt>", views.pack, name="pack"),
]
