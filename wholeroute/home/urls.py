from django.urls import path

from wholeroute.home import views

urlpatterns = [
    path("", views.index, name="index"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
]
