from __future__ import annotations

from django.urls import path

from huanjie.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("object/<str:target_type>/<str:target_id>/", views.object_history, name="object"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("verify/", views.verify, name="verify"),
]
