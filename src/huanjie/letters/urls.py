from __future__ import annotations

from django.urls import path

from huanjie.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.index, name="index"),
    path("delivery/", views.delivery, name="delivery"),
]
