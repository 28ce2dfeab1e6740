from django.urls import path

from wholeroute.reports import views

urlpatterns = [
    path("<str:kind>/<str:key>/fiche.<str:fmt>", views.pack, name="pack"),
]
