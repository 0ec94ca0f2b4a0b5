from __future__ import annotations

from django.urls import path

from huanjie.roster import views

app_name = "roster"
urlpatterns = [
    path("", views.detail, name="detail"),
]
