from __future__ import annotations

from django.urls import path

from huanjie.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("unreached/", views.unreached, name="unreached"),
    path("door/", views.door, name="door"),
]
