from __future__ import annotations

from django.urls import path

from huanjie.roster import views, views_io

app_name = "roster"
urlpatterns = [
    path("", views.detail, name="detail"),
    path("import/", views_io.import_roster, name="import"),
    path("import/<int:pk>/", views_io.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views_io.import_confirm, name="import_confirm"),
    path("import/<int:pk>/discard/", views_io.import_discard, name="import_discard"),
    path("export.csv", views_io.export_csv, name="export_csv"),
    path("export.xlsx", views_io.export_xlsx, name="export_xlsx"),
]
