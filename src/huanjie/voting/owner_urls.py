from __future__ import annotations

from django.urls import path

from huanjie.voting import views_owner

app_name = "vote"
urlpatterns = [
    path("", views_owner.start, name="start"),
    path("ballot/", views_owner.ballot, name="ballot"),
    path("review/", views_owner.review, name="review"),
    path("done/", views_owner.done, name="done"),
    path("check/", views_owner.check, name="check"),
]
