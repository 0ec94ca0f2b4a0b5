"""The public list of the chain's signed checkpoints: anyone may save it and later check the chain against it."""

from __future__ import annotations

from django.urls import path

from huanjie.audit import views

app_name = "audit_public"
urlpatterns = [
    path("checkpoints.json", views.checkpoint_list, name="checkpoints"),
]
