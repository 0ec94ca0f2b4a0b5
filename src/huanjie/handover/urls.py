from __future__ import annotations

from django.urls import path

from huanjie.handover import views

app_name = "handover"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/items/", views.add, name="add"),
    path("items/<int:pk>/sign/", views.sign, name="sign"),
]
