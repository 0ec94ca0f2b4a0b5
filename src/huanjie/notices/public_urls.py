"""The public web copy of a published notice: reachable without login, by its unguessable token."""

from __future__ import annotations

from django.urls import path

from huanjie.notices import views

app_name = "public_notice"
urlpatterns = [
    path("", views.public_detail, name="detail"),
    path("pdf/", views.public_pdf, name="pdf"),
]
