from django.urls import path

from quizzes.live import views

urlpatterns = [
    path("sets/<slug:slug>/live/", views.host_create, name="live_host_create"),
    path("live/<int:pk>/host/", views.host, name="live_host"),
    path("live/<int:pk>/host/qr.svg", views.host_qr, name="live_host_qr"),
    path("live/<int:pk>/host/<str:action>/", views.host_control, name="live_host_control"),
    path("live/<int:pk>/players/<int:player>/remove/", views.host_remove, name="live_host_remove"),
    path("play/", views.join, name="live_join"),
    path("play/<str:pin>/", views.join_pin, name="play_pin"),
    path("live/<int:pk>/", views.play, name="live_play"),
    path("live/<int:pk>/answer/", views.answer, name="live_answer"),
]
