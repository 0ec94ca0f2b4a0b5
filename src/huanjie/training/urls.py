from __future__ import annotations

from django.urls import path

from huanjie.training import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("<slug:action>/", views.act, name="act"),
]
