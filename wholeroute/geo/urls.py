from django.urls import path

from wholeroute.geo import views

urlpatterns = [
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("routes/", views.routes, name="routes"),
    path("routes/<slug:slug>/", views.route, name="route"),
]
