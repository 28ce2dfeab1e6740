from django.urls import path

from wholeroute.forecasts import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("run/", views.run, name="run"),
    path("runs/<int:pk>/", views.run_status, name="run_status"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/", views.alert, name="alert"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("alerts/<int:pk>/close/", views.close, name="close"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/end/", views.unsubscribe, name="unsubscribe"),
    path("accuracy/", views.accuracy, name="accuracy"),
]
