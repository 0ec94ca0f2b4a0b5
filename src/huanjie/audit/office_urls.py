"""The street office's audit log over all its communities: office/<code>/audit/ (supervisors)."""

from __future__ import annotations

from django.urls import path

from huanjie.audit import views

app_name = "audit_office"
urlpatterns = [
    path("", views.office_log, name="log"),
    path("export.csv", views.office_export_csv, name="export_csv"),
    path("export.xlsx", views.office_export_xlsx, name="export_xlsx"),
    path("verify/", views.office_verify, name="verify"),
]
