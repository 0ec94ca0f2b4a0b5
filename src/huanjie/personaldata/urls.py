from __future__ import annotations

from django.urls import path

from huanjie.personaldata import views

app_name = "personaldata"
urlpatterns = [
    path("c/<slug:slug>/my-data/export/", views.owner_export, name="owner_export"),
    path("c/<slug:slug>/retention/", views.retention, name="retention"),
    path("office/<slug:code>/retention/", views.office, name="office"),
]
