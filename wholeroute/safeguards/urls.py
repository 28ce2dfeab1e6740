from django.urls import path

from wholeroute.safeguards import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("status.<str:fmt>", views.export, name="export"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("partnerships/<int:pk>/assessments/new/", views.start_assessment, name="start_assessment"),
    path("partnerships/<int:pk>/monitoring/new/", views.add_monitoring, name="add_monitoring"),
    path("partnerships/<int:pk>/allegations/new/", views.new_allegation, name="new_allegation"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/answer/<int:obligation_pk>/", views.answer, name="answer"),
    path("assessments/<int:pk>/submit/", views.decide_assessment, {"verb": "submit"}, name="submit"),
    path("assessments/<int:pk>/approve/", views.decide_assessment, {"verb": "approve"}, name="approve"),
    path("assessments/<int:pk>/return/", views.decide_assessment, {"verb": "return"}, name="return"),
    path("allegations/", views.allegations, name="allegations"),
    path("allegations/<int:pk>/", views.allegation, name="allegation"),
    path("proposals/<int:pk>/accept/", views.decide_proposal, {"verb": "accept"}, name="accept_proposal"),
    path("proposals/<int:pk>/reject/", views.decide_proposal, {"verb": "reject"}, name="reject_proposal"),
]
