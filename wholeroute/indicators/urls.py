from django.urls import path

from wholeroute.indicators import views

urlpatterns = [
    path("", views.datasets, name="datasets"),
    path("series/<int:pk>/", views.series, name="series"),
    path("<str:code>/", views.dataset, name="dataset"),
]
