from django.urls import path

from wholeroute.safeguards import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("status.<str:fmt>", views.export, name="export"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<slug:code>/", views.obligation, name="obligation"),
    path("deadlines/", views.deadline_settings, name="deadlines"),
    path("rules/<int:pk>/active/", views.rule_active, name="rule_active"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("partnerships/<int:pk>/assessments/new/", views.start_assessment, name="start_assessment"),
    path("partnerships/<int:pk>/monitoring/new/", views.add_monitoring, name="add_monitoring"),
    path("partnerships/<int:pk>/allegations/new/", views.new_allegation, name="new_allegation"),
    path("partnerships/<int:pk>/rules/new/", views.define_threshold_rule, name="define_rule"),
    path("partnerships/<int:pk>/reviews/schedule/", views.schedule_review, name="schedule_review"),
    path("partnerships/<int:pk>/reviews/complete/", views.complete_review, name="complete_review"),
    path("monitoring/<int:pk>/report/", views.monitoring_report, name="monitoring_report"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/compare/<int:other_pk>/", views.compare, name="compare"),
    path("assessments/<int:pk>/answer/<int:answer_pk>/", views.answer, name="answer"),
    path("assessments/<int:pk>/submit/", views.decide_assessment, {"verb": "submit"}, name="submit"),
    path("assessments/<int:pk>/approve/", views.decide_assessment, {"verb": "approve"}, name="approve"),
    path("assessments/<int:pk>/return/", views.decide_assessment, {"verb": "return"}, name="return"),
    path("allegations/", views.allegations, name="allegations"),
    path("allegations/<int:pk>/", views.allegation, name="allegation"),
    path("proposals/<int:pk>/accept/", views.decide_proposal, {"verb": "accept"}, name="accept_proposal"),
    path("proposals/<int:pk>/reject/", views.decide_proposal, {"verb": "reject"}, name="reject_proposal"),
]
