from django.urls import path

from wholeroute.funding import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("instruments.<str:fmt>", views.export_instruments, name="export"),
    path("iati.xml", views.iati_xml, name="iati"),
    path("instruments/<slug:slug>/", views.instrument, name="instrument"),
    path("envelopes/<int:pk>/", views.envelope, name="envelope"),
    path("countries/<str:code>/", views.country, name="country"),
    path("routes/<slug:slug>/", views.route, name="route"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("partnerships/<int:pk>/commitments/", views.record_commitment, name="record_commitment"),
    path("partnerships/<int:pk>/commitments.<str:fmt>", views.export_partnership, name="export_partnership"),
    path("commitments/<int:pk>/approve/", views.decide_commitment, {"verb": "approve"}, name="approve"),
    path("commitments/<int:pk>/reject/", views.decide_commitment, {"verb": "reject"}, name="reject"),
    path("guidelines/", views.guidelines_page, name="guidelines"),
    path("check/", views.check, name="check"),
    path("tracker/", views.tracker_page, name="tracker"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action, name="action"),
]
