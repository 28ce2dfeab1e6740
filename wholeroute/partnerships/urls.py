from django.urls import path

from wholeroute.partnerships import views

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/lifecycle/", views.lifecycle, name="lifecycle"),
    path("<int:pk>/lifecycle/request/", views.request_transition, name="request_transition"),
    path("<int:pk>/suspend/", views.change_state, {"verb": "suspend"}, name="suspend"),
    path("<int:pk>/resume/", views.change_state, {"verb": "resume"}, name="resume"),
    path("<int:pk>/close/", views.change_state, {"verb": "close"}, name="close"),
    path("transitions/<int:pk>/approve/", views.approve_transition, name="approve_transition"),
    path("transitions/<int:pk>/reject/", views.reject_transition, name="reject_transition"),
    path("<int:pk>/roles/", views.roles, name="roles"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/versions/<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results/indicators/", views.define_indicator, name="define_indicator"),
    path("indicators/<int:pk>/values/", views.report_value, name="report_value"),
    path("values/<int:pk>/verify/", views.decide_value, {"verb": "verify"}, name="verify_value"),
    path("values/<int:pk>/dispute/", views.decide_value, {"verb": "dispute"}, name="dispute_value"),
    path("values/<int:pk>/unlock/", views.decide_value, {"verb": "unlock"}, name="unlock_value"),
]
