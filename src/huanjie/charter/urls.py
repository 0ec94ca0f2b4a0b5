from __future__ import annotations

from django.urls import path

from huanjie.charter import views

app_name = "charter"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.owner_index, name="owner_index"),
    path("<int:pk>/text/", views.text, name="text"),
]
