from __future__ import annotations

from django.urls import path

from huanjie.reelection import views

app_name = "reelection"
urlpatterns = [
    path("c/<slug:slug>/progress/", views.progress, name="progress"),
    path("c/<slug:slug>/progress/done/", views.stage_done, name="stage_done"),
    path("c/<slug:slug>/progress/assembly/", views.assembly, name="assembly"),
    path("c/<slug:slug>/progress/evidence/<int:pk>/", views.evidence, name="evidence"),
    path("office/<slug:code>/reelections/", views.office, name="office"),
]
