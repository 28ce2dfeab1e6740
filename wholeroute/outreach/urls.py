from django.urls import path

from wholeroute.outreach import views

urlpatterns = [
    path("", views.upcoming, name="calendar"),
    path("calendar/<int:year>/<int:month>/", views.month, name="month"),
    path("calendar/countries/<str:code>/", views.by_country, name="by_country"),
    path("calendar/routes/<slug:slug>/", views.by_route, name="by_route"),
    path("processes/", views.process_list, name="processes"),
    path("processes/<str:slug>/", views.process_detail, name="process"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/issue/", views.feed_issue, name="feed_issue"),
    path("feeds/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feeds/public.ics", views.public_feed, name="public_feed"),
    path("feeds/private/<str:token>.ics", views.private_feed, name="private_feed"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_create, name="message_create"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/revise/", views.message_revise, name="message_revise"),
    path("messages/<int:pk>/consult/", views.message_consult, name="message_consult"),
    path("messages/<int:pk>/adopt/", views.message_adopt, name="message_adopt"),
    path("endorsements/<int:pk>/answer/", views.endorsement_answer, name="endorsement_answer"),
    path("lines/", views.lines_index, name="lines_index"),
    path("lines/<str:code>/", views.lines_for_country, name="lines"),
    path("log/", views.log_list, name="log"),
    path("log/new/", views.log_create, name="log_create"),
    path("log/not-approached/<slug:code>/", views.coverage, name="coverage"),
]
