from __future__ import annotations

from django.urls import path

from huanjie.jointoffice import views

app_name = "jointoffice"
urlpatterns = [
    path("", views.index, name="index"),
    path("matters/<int:number>/<slug:action>/", views.matter_act, name="matter_act"),
    path("<slug:action>/", views.act, name="act"),
]
