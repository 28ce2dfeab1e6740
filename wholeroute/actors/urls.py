from django.urls import path

from wholeroute.actors import views

urlpatterns = [
    path("", views.mandates, name="mandates"),
    path("mandates/<slug:code>/", views.mandate, name="mandate"),
    path("gaps/", views.gap_report, name="gaps"),
    path("gaps/partnerships/<int:pk>/", views.partnership_gaps, name="partnership_gaps"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/withdraw/", views.withdraw_offer, name="withdraw_offer"),
]
